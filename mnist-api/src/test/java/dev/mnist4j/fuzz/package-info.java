/**
 * Coverage-guided fuzz tests (Jazzer) of everything that reads bytes from elsewhere: IDX data (raw and
 * gzip), safetensors, PyTorch's .pth and its pickle, ONNX, and pictures through preprocessing. A
 * reader may refuse an input only with mnist4j's own exceptions; anything else is a bug. In a normal
 * build each target replays its committed inputs ({@code src/test/resources/dev/mnist4j/fuzz/}); with
 * {@code JAZZER_FUZZ=1} and one target selected ({@code scripts/fuzz}) Jazzer searches for new ones.
 */
package dev.mnist4j.fuzz;
