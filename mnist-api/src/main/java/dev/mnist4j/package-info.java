/** mnist4j's entry points: {@link dev.mnist4j.Backends} to find a backend, {@link dev.mnist4j.Device}, and the exception types. */
package dev.mnist4j;
