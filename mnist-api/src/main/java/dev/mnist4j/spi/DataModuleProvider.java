package dev.mnist4j.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import org.apiguardian.api.API;

/**
 * Adds a data set under a name. Implementations are listed in
 * {@code META-INF/services/dev.mnist4j.spi.DataModuleProvider} and found with
 * {@link java.util.ServiceLoader}; creating a module must be cheap (read data in {@code prepare}).
 */
@API(status = EXPERIMENTAL)
public interface DataModuleProvider {
    String name();

    String description();

    DataModule create(DataOptions options);
}
