/**
 * From pictures to digits: the {@link dev.mnist4j.predict.Predictor} a model makes, {@link
 * dev.mnist4j.predict.Prediction}, image files, and how a picture becomes the 28×28 input ({@link
 * dev.mnist4j.predict.ImagePreprocessing}).
 */
package dev.mnist4j.predict;
