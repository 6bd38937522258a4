package dev.mnist4j.backend.dl4j;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** dl4j passes the whole conformance kit. */
class Dl4jConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Dl4jProvider();
    }

    /**
     * DL4J's single predictions are slow (10,000 and a warm-up of 10,000 took 76 s on a 2-core AVX2
     * machine, so the default 100,000 would take minutes); {@code .ci/run}'s soak makes 6 rounds of
     * 5,000 on 16 threads ({@code mnist4j soak --backend dl4j --predictions 5000}), and 100,000 by
     * hand with {@code --rounds 4 --predictions 25000} all agreed.
     */
    @Override
    protected int sharedPredictions() {
        return 2_000;
    }
}
