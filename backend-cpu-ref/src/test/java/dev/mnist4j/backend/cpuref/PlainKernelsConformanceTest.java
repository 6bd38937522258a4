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
     * 10,000: the plain kernels are slow (100,000 and the warm-up's 20,000 took 84 s on a 2-core
     * AVX2 machine); the predictor and its per-thread workspaces are the vector kernels' own, whose
     * kit makes 100,000.
     */
    @Override
    protected int sharedPredictions() {
        return 10_000;
    }
}
