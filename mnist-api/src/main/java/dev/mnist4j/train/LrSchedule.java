package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * How the learning rate moves during training, with PyTorch's names, arguments and values ({@code
 * torch.optim.lr_scheduler}). Each gives the rate in force after a number of scheduler steps: an
 * epoch schedule steps after every epoch, {@link OneCycleLR} after every batch, as PyTorch's are
 * stepped. The values are checked step by step against real PyTorch's ({@code
 * scripts/make_schedule_fixture.py}).
 */
@API(status = STABLE)
public sealed interface LrSchedule {

    /** Whether it steps after every batch ({@code true}) or, as most do, after every epoch. */
    default boolean perBatch() {
        return false;
    }

    /** The learning rate after {@code steps} scheduler steps, for an optimizer whose own rate is {@code baseLr}. */
    double learningRate(double baseLr, long steps);

    /** The momentum (SGD) or β1 (Adam) after {@code steps} steps: the optimizer's own unless the schedule cycles it. */
    default double momentum(double base, long steps) {
        return base;
    }

    /**
     * This schedule for a run of {@code totalBatches} optimizer steps in all (only {@link OneCycleLR}
     * needs to know), checked against the optimizer.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    default LrSchedule forRun(OptimizerConfig optimizer, long totalBatches) {
        return this;
    }

    /** The optimizer's own rate throughout: the tutorial's recipe. */
    static LrSchedule constant() {
        return new Constant();
    }

    /** The optimizer's own rate throughout. */
    record Constant() implements LrSchedule {
        @Override
        public double learningRate(double baseLr, long steps) {
            return baseLr;
        }

        @Override
        public String toString() {
            return "constant";
        }
    }

    /** The rate times {@code gamma} every {@code stepSize} epochs. */
    record StepLR(int stepSize, double gamma) implements LrSchedule {
        public StepLR {
            positive("step_size", stepSize);
            factor("gamma", gamma);
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            return baseLr * Math.pow(gamma, steps / stepSize);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "StepLR(step_size=%d, gamma=%s)", stepSize, gamma);
        }
    }

    /** The rate times {@code gamma} at each milestone epoch. */
    record MultiStepLR(List<Integer> milestones, double gamma) implements LrSchedule {
        public MultiStepLR {
            milestones = List.copyOf(milestones);
            if (milestones.isEmpty() || milestones.stream().anyMatch(m -> m < 1)) {
                throw new IllegalArgumentException("MultiStepLR needs milestones of 1 or more, was " + milestones);
            }
            factor("gamma", gamma);
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            long passed = milestones.stream().filter(m -> m <= steps).count();
            return baseLr * Math.pow(gamma, passed);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "MultiStepLR(milestones=%s, gamma=%s)", milestones, gamma);
        }
    }

    /** The rate times {@code gamma} every epoch. */
    record ExponentialLR(double gamma) implements LrSchedule {
        public ExponentialLR {
            factor("gamma", gamma);
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            return baseLr * Math.pow(gamma, steps);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ExponentialLR(gamma=%s)", gamma);
        }
    }

    /** Half a cosine from the rate down to {@code etaMin} over {@code tMax} epochs (then back up, as PyTorch's). */
    record CosineAnnealingLR(int tMax, double etaMin) implements LrSchedule {
        public CosineAnnealingLR {
            positive("T_max", tMax);
            if (etaMin < 0) {
                throw new IllegalArgumentException("CosineAnnealingLR needs eta_min >= 0, was " + etaMin);
            }
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * steps / tMax)) / 2;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "CosineAnnealingLR(T_max=%d, eta_min=%s)", tMax, etaMin);
        }
    }

    /** A linear warm-up (or cool-down) of the rate's factor from {@code startFactor} to {@code endFactor}. */
    record LinearLR(double startFactor, double endFactor, int totalIters) implements LrSchedule {
        public LinearLR {
            if (!(startFactor > 0 && startFactor <= 1) || !(endFactor >= 0 && endFactor <= 1)) {
                throw new IllegalArgumentException("LinearLR needs start_factor in (0, 1] and end_factor in [0, 1]");
            }
            positive("total_iters", totalIters);
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            return baseLr * (startFactor + (endFactor - startFactor) * Math.min(steps, totalIters) / totalIters);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "LinearLR(start_factor=%s, end_factor=%s, total_iters=%d)",
                    startFactor,
                    endFactor,
                    totalIters);
        }
    }

    /**
     * Leslie Smith's one cycle, as PyTorch's {@code OneCycleLR}: the rate rises from {@code maxLr /
     * divFactor} to {@code maxLr} over the first {@code pctStart} of the steps and falls to {@code
     * maxLr / divFactor / finalDivFactor}, both by cosine; the momentum (SGD) or β1 (Adam) moves the
     * other way between {@code maxMomentum} and {@code baseMomentum}. Stepped after every batch.
     *
     * @param totalSteps the run's optimizer steps, or 0 to take them from the run
     */
    record OneCycleLR(
            double maxLr,
            long totalSteps,
            double pctStart,
            double divFactor,
            double finalDivFactor,
            double baseMomentum,
            double maxMomentum,
            boolean cycleMomentum)
            implements LrSchedule {

        public OneCycleLR {
            if (!(maxLr > 0) || totalSteps < 0 || !(pctStart > 0 && pctStart < 1)) {
                throw new IllegalArgumentException(
                        "OneCycleLR needs max_lr > 0, total_steps >= 0 (0: from the run) and pct_start in (0, 1)");
            }
            if (!(divFactor > 0) || !(finalDivFactor > 0) || baseMomentum > maxMomentum) {
                throw new IllegalArgumentException(
                        "OneCycleLR needs div_factor and final_div_factor > 0 and base_momentum <= max_momentum");
            }
        }

        /** PyTorch's defaults: pct_start 0.3, div_factor 25, final_div_factor 1e4, momentum 0.85–0.95, cycled. */
        public static OneCycleLR of(double maxLr) {
            return new OneCycleLR(maxLr, 0, 0.3, 25, 1e4, 0.85, 0.95, true);
        }

        public OneCycleLR withTotalSteps(long n) {
            return new OneCycleLR(
                    maxLr, n, pctStart, divFactor, finalDivFactor, baseMomentum, maxMomentum, cycleMomentum);
        }

        public OneCycleLR withPctStart(double p) {
            return new OneCycleLR(
                    maxLr, totalSteps, p, divFactor, finalDivFactor, baseMomentum, maxMomentum, cycleMomentum);
        }

        @Override
        public boolean perBatch() {
            return true;
        }

        @Override
        public LrSchedule forRun(OptimizerConfig optimizer, long totalBatches) {
            if (cycleMomentum && optimizer instanceof OptimizerConfig.Sgd sgd && sgd.momentum() == 0) {
                throw new IllegalArgumentException("OneCycleLR cycles the momentum, and " + optimizer + " has none;"
                        + " use SGD with momentum or Adam, or turn the cycling off");
            }
            if (totalSteps != 0 && totalSteps < totalBatches) {
                throw new IllegalArgumentException("OneCycleLR(total_steps=" + totalSteps
                        + ") is shorter than the run's " + totalBatches + " optimizer steps");
            }
            return totalSteps == 0 ? withTotalSteps(totalBatches) : this;
        }

        @Override
        public double learningRate(double baseLr, long steps) {
            double initial = maxLr / divFactor;
            return phase(steps, initial, maxLr, maxLr, initial / finalDivFactor);
        }

        @Override
        public double momentum(double base, long steps) {
            return cycleMomentum ? phase(steps, maxMomentum, baseMomentum, baseMomentum, maxMomentum) : base;
        }

        /** PyTorch's two phases: start→peak until step pct_start·total − 1, then peak→end at step total − 1. */
        private double phase(long step, double start, double peak, double peakAgain, double end) {
            if (totalSteps == 0) {
                throw new IllegalStateException("OneCycleLR has no total_steps yet; call forRun first");
            }
            if (step > totalSteps) {
                throw new IllegalArgumentException(
                        "OneCycleLR stepped " + step + " times, past its total_steps " + totalSteps);
            }
            double firstEnd = pctStart * totalSteps - 1;
            if (step <= firstEnd) {
                return cosine(start, peak, step / firstEnd);
            }
            return cosine(peakAgain, end, (step - firstEnd) / (totalSteps - 1 - firstEnd));
        }

        private static double cosine(double from, double to, double pct) {
            return to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "OneCycleLR(max_lr=%s, total_steps=%s, pct_start=%s, div_factor=%s, final_div_factor=%s%s)",
                    maxLr,
                    totalSteps == 0 ? "the run's" : Long.toString(totalSteps),
                    pctStart,
                    divFactor,
                    finalDivFactor,
                    cycleMomentum ? ", momentum " + maxMomentum + "→" + baseMomentum + "→" + maxMomentum : "");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more, was " + value);
        }
    }

    private static void factor(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1], was " + value);
        }
    }
}
