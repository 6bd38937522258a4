/** The DJL backend: the CNN on DJL's PyTorch engine (libtorch), offline, CPU or CUDA. */
package dev.mnist4j.backend.djl;
