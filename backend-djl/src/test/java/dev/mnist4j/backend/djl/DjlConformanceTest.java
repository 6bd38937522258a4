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
     * 20,000: 100,000 and the warm-up's 20,000 took 65 s on a 2-core AVX2 machine; {@code .ci/run}'s
     * soak makes 6 rounds of 20,000 on 16 threads ({@code mnist4j soak --backend djl --rounds 6}).
     */
    @Override
    protected int sharedPredictions() {
        return 20_000;
    }
}
