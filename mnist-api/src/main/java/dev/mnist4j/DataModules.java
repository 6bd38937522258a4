package dev.mnist4j;

import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.Mnist4jException;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataOptions;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.spi.DataModuleProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Opens data sets by name, among the data set providers on the classpath: {@code mnist} is built
 * in, and a jar can add others through {@link DataModuleProvider}.
 */
@API(status = STABLE)
public final class DataModules {
    private DataModules() {}

    /** The names of the data sets found, with a description of each. */
    public static Map<String, String> available() {
        Map<String, String> out = new TreeMap<>();
        providers().forEach((name, p) -> out.put(name, p.description()));
        return out;
    }

    private static Map<String, DataModuleProvider> providers() {
        Map<String, DataModuleProvider> byName = new TreeMap<>();
        for (DataModuleProvider p : ServiceLoader.load(DataModuleProvider.class, DataModules.class.getClassLoader())) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }

    /** The data set called {@code name}, not yet prepared. */
    public static DataModule open(String name, DataOptions options) {
        DataModuleProvider p = providers().get(name);
        if (p == null) {
            throw new Mnist4jException(
                    "unknown data set '" + name + "'; available: " + providers().keySet());
        }
        return p.create(options);
    }

    /** MNIST from the embedded copy, with the tutorial's normalisation and no download. */
    public static DataModule mnist() {
        return mnist(DataOptions.defaults());
    }

    /** MNIST with the given options. */
    public static DataModule mnist(DataOptions options) {
        return open("mnist", options);
    }

    /** A data module over splits already in memory, e.g. a subset for a quick experiment. */
    public static DataModule of(String name, DataSet train, DataSet test) {
        return new InMemory(name, train, test);
    }

    private record InMemory(String name, DataSet train, DataSet test) implements DataModule {
        @Override
        public void prepare() {}

        @Override
        public Normalization normalization() {
            return train.normalization();
        }

        @Override
        public String source() {
            return "memory (" + train.name() + ", " + test.name() + ")";
        }
    }
}
