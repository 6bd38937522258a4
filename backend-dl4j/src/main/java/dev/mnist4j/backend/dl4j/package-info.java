/** The Deeplearning4j backend: the CNN as a DL4J network on ND4J (CPU, or CUDA with nd4j-cuda). */
package dev.mnist4j.backend.dl4j;
