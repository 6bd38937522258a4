package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Turns images into digits. Thread-safe: one predictor may serve many threads.
 *
 * <p>Pixels are MNIST's convention: 784 grey values 0–255, row by row, a light digit on a dark
 * background. The predictor applies the model's normalisation itself.
 */
@API(status = STABLE)
public interface Predictor {

    /** One image of 784 grey values 0–255. */
    Prediction predict(int[] pixels);

    /** Many images at once, in one forward pass per chunk. */
    List<Prediction> predictAll(List<int[]> images);

    /** A picture of any size, made into 28×28 pixels the way MNIST was made ({@link ImagePreprocessing#MNIST}). */
    default Prediction predict(BufferedImage image) {
        return predict(image, ImagePreprocessing.MNIST);
    }

    /** An image file (PNG, JPEG, GIF, BMP), made into 28×28 pixels the way MNIST was made. */
    default Prediction predict(Path imageFile) {
        return predict(imageFile, ImagePreprocessing.MNIST);
    }

    /** A picture of any size, made into 28×28 pixels with the given preprocessing. */
    default Prediction predict(BufferedImage image, ImagePreprocessing preprocessing) {
        return predict(preprocessing.toPixels(image));
    }

    /** An image file (PNG, JPEG, GIF, BMP), made into 28×28 pixels with the given preprocessing. */
    default Prediction predict(Path imageFile, ImagePreprocessing preprocessing) {
        return predict(ImageFiles.read(imageFile), preprocessing);
    }
}
