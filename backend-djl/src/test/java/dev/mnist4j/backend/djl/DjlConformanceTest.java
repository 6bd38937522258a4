package dev.mnist4j.backend.djl;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** djl passes the whole conformance kit. */
class DjlConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlProvider();
    }

    /**
     * 20,000: djl's single predictions take about 0.6 ms on 2 cores (100,000 took 65 s on the AVX2
     * machine); {@code .ci/run}'s soak makes 6 rounds of 20,000 on 16 threads ({@code mnist4j soak
     * --backend djl --rounds 6}).
     */
    @Override
    protected int sharedPredictions() {
        return 20_000;
    }
}
