package dev.mnist4j.cli;

import dev.mnist4j.train.BatchProgress;
import dev.mnist4j.train.EpochResult;
import dev.mnist4j.train.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes, on standard error: a progress bar per epoch with the running loss,
 * accuracy and speed on a terminal; a plain line every quarter epoch otherwise (CI logs).
 */
final class EpochProgress implements TrainingListener {
    private final PrintStream err;
    private final boolean terminal;
    private ProgressBar bar;
    private int lastQuarter;

    EpochProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Bars on a terminal, plain lines when standard output is not one. */
    static EpochProgress forConsole() {
        return new EpochProgress(System.err, System.console() != null);
    }

    @Override
    public void onBatch(BatchProgress p) {
        String stats = String.format(
                Locale.ROOT,
                "loss %.4f, accuracy %.2f%%, %,.0f images/s",
                p.runningLoss(),
                p.runningAccuracy() * 100,
                p.imagesPerSecond());
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder()
                        .setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", p.epoch(), p.epochs()))
                        .setInitialMax(p.batches())
                        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                        .setUnit(" batches", 1)
                        .setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(err))
                        .build();
            }
            bar.stepTo(p.batch());
            bar.setExtraMessage(stats);
            return;
        }
        int quarter = 4 * p.batch() / p.batches();
        if (p.batch() == 1) {
            lastQuarter = 0;
        }
        if (quarter > lastQuarter && quarter < 4) {
            lastQuarter = quarter;
            err.printf(
                    Locale.ROOT,
                    "  epoch %d/%d: %d/%d batches, %s%n",
                    p.epoch(),
                    p.epochs(),
                    p.batch(),
                    p.batches(),
                    stats);
        }
    }

    @Override
    public void onEpoch(EpochResult r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
