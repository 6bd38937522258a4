package dev.mnist4j.data;

import dev.mnist4j.Mnist4jException;
import dev.mnist4j.spi.DataModuleProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds data sets by name among the {@link DataModuleProvider}s on the classpath. */
public final class DataModules {
    private DataModules() {
    }

    /** The providers found, by name. */
    public static Map<String, DataModuleProvider> providers() {
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
            throw new Mnist4jException("unknown data set '" + name + "'; available: " + providers().keySet());
        }
        return p.create(options);
    }

    /** A data module over splits already in memory, e.g. a subset for a quick experiment. */
    public static DataModule of(String name, DataSet train, DataSet test) {
        return new InMemory(name, train, test);
    }

    private record InMemory(String name, DataSet train, DataSet test) implements DataModule {
        @Override
        public void prepare() {
        }

        @Override
        public Normalization normalization() {
            return train.normalization();
        }

        @Override
        public String source() {
            return "memory (" + train.name() + ", " + test.name() + ")";
        }
    }

    /** MNIST with the given options. */
    public static DataModule mnist(DataOptions options) {
        return open("mnist", options);
    }
}
