/**
 * The plug-in SPI: what a backend implements ({@link dev.mnist4j.spi.BackendProvider}, {@link
 * dev.mnist4j.spi.ModelEngine}, {@link dev.mnist4j.spi.TrainingEngine}) and what a data set jar
 * implements ({@link dev.mnist4j.spi.DataModuleProvider}). Applications never import it.
 */
package dev.mnist4j.spi;
