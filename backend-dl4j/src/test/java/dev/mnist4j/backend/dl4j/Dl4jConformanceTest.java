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
     * DL4J takes about 2.5 ms per single prediction here (100,000 would take 4 minutes); 100,000 by
     * hand with {@code mnist4j soak --backend dl4j --rounds 4 --predictions 25000} all agreed.
     */
    @Override
    protected int sharedPredictions() {
        return 10_000;
    }
}
