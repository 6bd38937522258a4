/** From pictures to digits: image files, preprocessing, and the shared predictor. */
package dev.mnist4j.predict;
