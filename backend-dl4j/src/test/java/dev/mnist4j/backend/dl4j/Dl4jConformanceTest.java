package dev.mnist4j.backend.dl4j;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** dl4j passes the whole conformance kit. */
class Dl4jConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new Dl4jProvider();
    }

    /** DL4J takes about 2 ms per single prediction here; .ci/run's soak run makes the full 100,000. */
    @Override
    protected int sharedPredictions() {
        return 10_000;
    }
}
