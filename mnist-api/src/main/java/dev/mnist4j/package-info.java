/**
 * The user's entry points and the hub: {@link dev.mnist4j.Backends} finds a {@link
 * dev.mnist4j.Backend}, which makes a {@link dev.mnist4j.DigitModel}; the model makes its {@link
 * dev.mnist4j.train.Trainer} and {@link dev.mnist4j.predict.Predictor}, evaluates, and saves itself.
 * {@link dev.mnist4j.DataModules} opens data sets by name. The package-private classes here are the
 * glue between this API and the plug-in SPI ({@code dev.mnist4j.spi}): the checks, the shared
 * training loop, optimizer bookkeeping, evaluation and prediction.
 */
package dev.mnist4j;
