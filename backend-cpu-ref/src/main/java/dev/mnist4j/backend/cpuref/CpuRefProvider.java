package dev.mnist4j.backend.cpuref;

import dev.mnist4j.Device;
import dev.mnist4j.Mnist4jException;
import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import java.util.List;

/** The pure-Java backend {@value #NAME}: always available, CPU only. */
public final class CpuRefProvider implements BackendProvider {
    public static final String NAME = "cpu-ref";
    private final Kernels kernels;

    /** The provider {@link java.util.ServiceLoader} finds: the fastest kernels this JVM can run. */
    public CpuRefProvider() {
        this(Kernels.best());
    }

    CpuRefProvider(Kernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Low: a native backend on the classpath is preferred when no backend is named. */
    @Override
    public int priority() {
        return 10;
    }

    /** The mnist4j version and which kernels compute (they depend on how Java was started). */
    @Override
    public String version() {
        return BackendProvider.super.version() + ", " + kernels.description();
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.CPU);
    }

    @Override
    public DigitModel openModel(StateDict state, Device device, int threads) {
        return new CpuRefModel(state, threads, kernels);
    }

    @Override
    public TrainingEngine trainingEngine(DigitModel model, OptimizerConfig optimizer) {
        if (!(model instanceof CpuRefModel m)) {
            throw new Mnist4jException("backend cpu-ref cannot train a '" + model.backend() + "' model");
        }
        return new CpuRefTrainingEngine(m, optimizer);
    }
}
