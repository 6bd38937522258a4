package dev.mnist4j.internal.data;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.spi.DataModuleProvider;
import org.apiguardian.api.API;

/** Registers {@link MnistDataModule} as the data set {@code mnist}. */
@API(status = INTERNAL)
public final class MnistDataModuleProvider implements DataModuleProvider {
    @Override
    public String name() {
        return "mnist";
    }

    @Override
    public String description() {
        return "MNIST handwritten digits: 60,000 training and 10,000 test images, 28×28";
    }

    @Override
    public DataModule create(DataOptions options) {
        return new MnistDataModule(options);
    }
}
