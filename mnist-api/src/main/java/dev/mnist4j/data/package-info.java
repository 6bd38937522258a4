/** Data sets: IDX files, splits in memory, normalisation, batches prepared in the background. */
package dev.mnist4j.data;
