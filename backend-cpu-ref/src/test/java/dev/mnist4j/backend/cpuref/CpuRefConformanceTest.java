package dev.mnist4j.backend.cpuref;

import dev.mnist4j.tck.BackendConformanceKit;
import dev.mnist4j.spi.BackendProvider;

/** cpu-ref passes the whole conformance kit. */
class CpuRefConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuRefProvider();
    }
}
