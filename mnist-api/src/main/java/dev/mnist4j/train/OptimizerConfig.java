package dev.mnist4j.train;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * An optimizer and its settings, with PyTorch's update rules:
 * SGD {@code p -= lr·g}; SGD with momentum {@code b = μ·b + g; p -= lr·b} (the first step sets
 * {@code b = g}); Adam with bias correction, {@code p -= lr·m̂ / (√v̂ + ε)}.
 */
@API(status = STABLE)
public sealed interface OptimizerConfig {

    double learningRate();

    /** A short name: {@code sgd}, {@code momentum} or {@code adam}. */
    String kind();

    /** Plain SGD ({@code momentum == 0}) or SGD with momentum. */
    record Sgd(double learningRate, double momentum) implements OptimizerConfig {
        public Sgd {
            check(learningRate);
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
            }
        }

        @Override
        public String kind() {
            return momentum == 0 ? "sgd" : "momentum";
        }

        @Override
        public String toString() {
            return momentum == 0
                    ? "SGD(lr=" + learningRate + ")"
                    : "SGD(lr=" + learningRate + ", momentum=" + momentum + ")";
        }
    }

    /** Adam; PyTorch's defaults are betas (0.9, 0.999) and eps 1e-8. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerConfig {
        public Adam {
            check(learningRate);
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(epsilon > 0)) {
                throw new IllegalArgumentException("Adam needs betas in [0, 1) and eps > 0");
            }
        }

        @Override
        public String kind() {
            return "adam";
        }

        /** {@code lr / (1 − β1ᵗ)}: the step size with the first moment's bias corrected, at step t (from 1). */
        public double stepSize(int t) {
            return learningRate / (1 - Math.pow(beta1, t));
        }

        /** {@code √(1 − β2ᵗ)}: what √v is divided by to correct the second moment's bias at step t. */
        public double secondMomentCorrection(int t) {
            return Math.sqrt(1 - Math.pow(beta2, t));
        }

        @Override
        public String toString() {
            return "Adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon + ")";
        }
    }

    /** The tutorial's optimizer. */
    static OptimizerConfig sgd(double learningRate) {
        return new Sgd(learningRate, 0);
    }

    static OptimizerConfig momentum(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum);
    }

    static OptimizerConfig adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8);
    }

    /**
     * {@code sgd}, {@code momentum} (μ = 0.9) or {@code adam}; a {@code null} learning rate means the
     * usual one (0.01 for SGD, 1e-3 for Adam).
     */
    static OptimizerConfig parse(String name, Double learningRate) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd":
                return sgd(learningRate == null ? 0.01 : learningRate);
            case "momentum":
                return momentum(learningRate == null ? 0.01 : learningRate, 0.9);
            case "adam":
                return adam(learningRate == null ? 1e-3 : learningRate);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + name + "': use sgd, momentum or adam");
        }
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, was " + lr);
        }
    }
}
