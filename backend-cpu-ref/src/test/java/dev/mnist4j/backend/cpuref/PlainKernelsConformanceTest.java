package dev.mnist4j.backend.cpuref;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/**
 * cpu-ref with its plain-Java kernels, what a user gets without {@code --add-modules
 * jdk.incubator.vector}, passes the whole conformance kit too.
 */
class PlainKernelsConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuRefProvider(new PlainKernels("test"));
    }

    /**
     * 10,000: the plain kernels take about 0.7 ms a prediction (100,000 would take 80 s); the
     * predictor and its per-thread workspaces are the vector kernels' own, whose kit makes 100,000.
     */
    @Override
    protected int sharedPredictions() {
        return 10_000;
    }
}
