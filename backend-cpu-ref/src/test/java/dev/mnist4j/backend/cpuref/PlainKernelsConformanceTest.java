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
}
