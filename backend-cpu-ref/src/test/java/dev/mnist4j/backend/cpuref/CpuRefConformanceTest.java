package dev.mnist4j.backend.cpuref;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** cpu-ref passes the whole conformance kit. */
class CpuRefConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuRefProvider();
    }
}
