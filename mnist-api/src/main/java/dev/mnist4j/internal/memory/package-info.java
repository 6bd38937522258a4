/** Many threads on one predictor, and what the process holds in memory: for the soak run and the kit's load test. */
package dev.mnist4j.internal.memory;
