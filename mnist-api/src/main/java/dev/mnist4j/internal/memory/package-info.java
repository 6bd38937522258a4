/** What the process holds in memory, for the soak run and the conformance kit's load test. */
package dev.mnist4j.internal.memory;
