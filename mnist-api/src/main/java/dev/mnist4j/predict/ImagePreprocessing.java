package dev.mnist4j.predict;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.model.MnistCnn;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.apiguardian.api.API;

/** How a picture becomes the 28×28 grey pixels (light digit on dark, 0–255) the model reads. */
@API(status = STABLE)
public enum ImagePreprocessing {

    /**
     * The tutorial's recipe: resize to 28×28, convert to grey, nothing else. Transparent parts are
     * laid on white first. It suits images that already look like MNIST (a light digit on black).
     */
    TUTORIAL {
        @Override
        public int[] toPixels(BufferedImage image) {
            checkSize(image);
            BufferedImage grey =
                    new BufferedImage(MnistCnn.IMAGE_SIZE, MnistCnn.IMAGE_SIZE, BufferedImage.TYPE_BYTE_GRAY);
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
    },

    /**
     * The way MNIST itself was made, for pictures people take: grey (transparency on white), ink
     * made light on dark whatever the background, cropped to the ink with a margin, the longest side
     * scaled to 20 px keeping the aspect ratio (area averaging), and placed in 28×28 with its centre
     * of mass in the middle.
     */
    MNIST {
        @Override
        public int[] toPixels(BufferedImage image) {
            checkSize(image);
            return MnistStyle.toPixels(image);
        }
    };

    /** Pictures smaller than this on either side are refused: there is no digit to see in them. */
    public static final int MIN_SIDE = 8;

    /** The image's 784 grey values 0–255, row by row, a light digit on a dark background. */
    public abstract int[] toPixels(BufferedImage image);

    /** {@code mnist} or {@code tutorial}. */
    public static ImagePreprocessing parse(String name) {
        for (ImagePreprocessing p : values()) {
            if (p.name().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preprocessing '" + name + "': use mnist or tutorial");
    }

    private static void checkSize(BufferedImage image) {
        if (image.getWidth() < MIN_SIDE || image.getHeight() < MIN_SIDE) {
            throw new ImageFileException("the image is " + image.getWidth() + "×" + image.getHeight()
                    + " pixels; a digit needs at least " + MIN_SIDE + "×" + MIN_SIDE);
        }
    }
}
