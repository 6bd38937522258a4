package dev.mnist4j.predict;

import dev.mnist4j.model.MnistCnn;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** How a picture becomes the 28×28 grey pixels the model reads. */
public enum ImagePreprocessing {

    /**
     * The tutorial's recipe: resize to 28×28, convert to grey, nothing else. Transparent parts are
     * laid on white first. It suits images that already look like MNIST (a light digit on black).
     */
    TUTORIAL {
        @Override
        public int[] toPixels(BufferedImage image) {
            BufferedImage grey = new BufferedImage(MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = grey.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(image, 0, 0, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, Color.WHITE, null);
            } finally {
                g.dispose();
            }
            int[] pixels = new int[MnistCnn.PIXELS];
            grey.getRaster().getPixels(0, 0, MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, pixels);
            return pixels;
        }
    };

    /** The image's 784 grey values 0–255, row by row. */
    public abstract int[] toPixels(BufferedImage image);
}
