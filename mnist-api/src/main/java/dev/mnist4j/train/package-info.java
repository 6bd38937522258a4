/** Training configuration, the shared epoch loop, listeners, and evaluation. */
package dev.mnist4j.train;
