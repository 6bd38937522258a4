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

    /** PyTorch's {@code weight_decay}: L2 added to the gradient (SGD, Adam), or decoupled (AdamW). */
    double weightDecay();

    /** A short name: {@code sgd}, {@code momentum} or {@code adam}. */
    String kind();

    /** Plain SGD ({@code momentum == 0}) or SGD with momentum. */
    record Sgd(double learningRate, double momentum, double weightDecay) implements OptimizerConfig {
        public Sgd {
            check(learningRate);
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
            }
            checkDecay(weightDecay);
        }

        public Sgd(double learningRate, double momentum) {
            this(learningRate, momentum, 0);
        }

        @Override
        public String kind() {
            return momentum == 0 ? "sgd" : "momentum";
        }

        @Override
        public String toString() {
            return "SGD(lr=" + learningRate + (momentum == 0 ? "" : ", momentum=" + momentum)
                    + (weightDecay == 0 ? "" : ", weight_decay=" + weightDecay) + ")";
        }
    }

    /** Adam; PyTorch's defaults are betas (0.9, 0.999) and eps 1e-8. */
    record Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
            implements OptimizerConfig {
        public Adam {
            check(learningRate);
            checkBetas(beta1, beta2, epsilon);
            checkDecay(weightDecay);
        }

        public Adam(double learningRate, double beta1, double beta2, double epsilon) {
            this(learningRate, beta1, beta2, epsilon, 0);
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
            return "Adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
                    + (weightDecay == 0 ? "" : ", weight_decay=" + weightDecay) + ")";
        }
    }

    /**
     * AdamW (Loshchilov and Hutter): Adam with the weight decay decoupled from the gradient, {@code p
     * *= 1 − lr·weight_decay} before each step; PyTorch's default weight_decay is 0.01.
     */
    record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
            implements OptimizerConfig {
        public AdamW {
            check(learningRate);
            checkBetas(beta1, beta2, epsilon);
            checkDecay(weightDecay);
        }

        @Override
        public String kind() {
            return "adamw";
        }

        /** The same update as Adam's once the decay is applied. */
        public Adam adam() {
            return new Adam(learningRate, beta1, beta2, epsilon);
        }

        @Override
        public String toString() {
            return "AdamW(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
                    + ", weight_decay=" + weightDecay + ")";
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

    /** AdamW with PyTorch's defaults (betas (0.9, 0.999), eps 1e-8). */
    static OptimizerConfig adamW(double learningRate, double weightDecay) {
        return new AdamW(learningRate, 0.9, 0.999, 1e-8, weightDecay);
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
            case "adamw":
                return adamW(learningRate == null ? 1e-3 : learningRate, 0.01);
            default:
                throw new IllegalArgumentException(
                        "unknown optimizer '" + name + "': use sgd, momentum, adam or adamw");
        }
    }

    /** The same optimizer with PyTorch's {@code weight_decay} set to {@code wd}. */
    default OptimizerConfig withWeightDecay(double wd) {
        if (this instanceof Sgd s) {
            return new Sgd(s.learningRate(), s.momentum(), wd);
        }
        if (this instanceof Adam a) {
            return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon(), wd);
        }
        AdamW w = (AdamW) this;
        return new AdamW(w.learningRate(), w.beta1(), w.beta2(), w.epsilon(), wd);
    }

    private static void checkBetas(double beta1, double beta2, double epsilon) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || !(epsilon > 0)) {
            throw new IllegalArgumentException("Adam needs betas in [0, 1) and eps > 0");
        }
    }

    private static void checkDecay(double wd) {
        if (!(wd >= 0) || Double.isInfinite(wd)) {
            throw new IllegalArgumentException("weight_decay must be 0 or more, was " + wd);
        }
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, was " + lr);
        }
    }
}
