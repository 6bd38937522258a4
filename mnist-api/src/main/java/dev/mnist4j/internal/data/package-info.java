/** MNIST as a data module: from a directory, the embedded copy, or (opt-in) the mirrors, checksummed. */
package dev.mnist4j.internal.data;
