package dev.mnist4j.backend.djl;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** djl passes the whole conformance kit. */
class DjlConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new DjlProvider();
    }
}
