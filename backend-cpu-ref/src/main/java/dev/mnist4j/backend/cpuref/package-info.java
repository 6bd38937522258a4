/** The pure-Java reference backend: the CNN, its gradients and optimizers in plain Java. */
package dev.mnist4j.backend.cpuref;
