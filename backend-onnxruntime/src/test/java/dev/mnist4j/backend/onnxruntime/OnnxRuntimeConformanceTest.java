package dev.mnist4j.backend.onnxruntime;

import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.tck.BackendConformanceKit;

/** onnxruntime passes the kit's inference part; it declares no training, and refuses it. */
class OnnxRuntimeConformanceTest extends BackendConformanceKit {
    @Override
    protected BackendProvider provider() {
        return new OnnxRuntimeProvider();
    }
}
