package dev.mnist4j.backend.cpuref;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;
import org.junit.jupiter.api.extension.ExtendWith;

/** cpu-ref passes the whole conformance kit. */
@ExtendWith(OtherWidthRun.class)
class CpuRefConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new CpuRefProvider();
    }
}
