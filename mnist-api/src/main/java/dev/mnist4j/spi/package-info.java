/** What a backend or a data set implements to plug in, found with {@link java.util.ServiceLoader}. */
package dev.mnist4j.spi;
