/**
 * Files: a model's state with its metadata ({@link dev.mnist4j.io.ModelFiles}: safetensors,
 * PyTorch's {@code .pth}, or ONNX), training checkpoints ({@link dev.mnist4j.io.Checkpoints}), any tensor file
 * ({@link dev.mnist4j.io.TensorFile}), and atomic writes. The codecs themselves are package-private.
 */
package dev.mnist4j.io;
