/** The backend {@code onnxruntime}: any mnist4j model exported to ONNX and run by ONNX Runtime, inference only. */
package dev.mnist4j.backend.onnxruntime;
