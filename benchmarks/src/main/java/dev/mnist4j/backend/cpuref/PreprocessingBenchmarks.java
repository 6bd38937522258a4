package dev.mnist4j.backend.cpuref;

import dev.mnist4j.predict.ImagePreprocessing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long MNIST-style preprocessing takes for a photo-sized picture: a digit drawn with a pen of
 * the given width on a 1000×1000 page (JPEG-decoded pictures are {@code TYPE_3BYTE_BGR}, as here).
 * Run: {@code scripts/jmh PreprocessingBenchmarks}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class PreprocessingBenchmarks {
    @Param({"2", "12"})
    public float pen;

    private BufferedImage page;

    @Setup
    public void draw() {
        page = new BufferedImage(1000, 1000, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(245, 243, 236));
        g.fillRect(0, 0, 1000, 1000);
        g.setColor(new Color(30, 30, 45));
        g.setStroke(new BasicStroke(pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawArc(380, 260, 240, 220, 200, -250); // a "2": the bow, the diagonal, the base
        g.drawLine(600, 430, 390, 700);
        g.drawLine(390, 700, 640, 700);
        g.dispose();
    }

    @Benchmark
    public int[] mnistStyle() {
        return ImagePreprocessing.MNIST.toPixels(page);
    }

    @Benchmark
    public int[] tutorial() {
        return ImagePreprocessing.TUTORIAL.toPixels(page);
    }
}
