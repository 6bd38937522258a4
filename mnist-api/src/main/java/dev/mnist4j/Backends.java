package dev.mnist4j;

import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backends on the classpath. Each provider is created on its own, so one broken jar cannot
 * hide the others, and a broken one is listed with its error rather than dropped. An explicit
 * choice (system property {@value #PROPERTY}, else environment variable {@value #ENV}) wins over
 * priority.
 */
public final class Backends {
    public static final String PROPERTY = "mnist4j.backend";
    public static final String ENV = "MNIST4J_BACKEND";

    private Backends() {
    }

    /** Every backend found, highest priority first, broken ones last. */
    public static List<BackendStatus> list() {
        return list(Backends.class.getClassLoader());
    }

    /** As {@link #list()}, for the providers a given class loader sees. */
    public static List<BackendStatus> list(ClassLoader loader) {
        List<BackendStatus> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<BackendProvider>> it =
                ServiceLoader.load(BackendProvider.class, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<BackendProvider> entry;
            try {
                if (!it.hasNext()) {
                    break;
                }
                entry = it.next();
            } catch (ServiceConfigurationError e) {
                found.add(broken("(unloadable provider)", e));
                continue;
            }
            found.add(status(entry));
        }
        found.sort(Comparator.comparing((BackendStatus s) -> s.provider() == null)
                .thenComparing(Comparator.comparingInt(BackendStatus::priority).reversed())
                .thenComparing(BackendStatus::name));
        return found;
    }

    private static BackendStatus status(ServiceLoader.Provider<BackendProvider> entry) {
        BackendProvider p;
        try {
            p = entry.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            return broken(entry.type().getName(), e);
        }
        try {
            Availability a = p.availability();
            List<Device> devices = a.available() ? p.devices() : List.of();
            return new BackendStatus(p.name(), p.priority(), a.available(), a.reason(), devices, p);
        } catch (RuntimeException | LinkageError e) {
            return new BackendStatus(p.name(), p.priority(), false, "failed to start: " + describe(e), List.of(), p);
        }
    }

    private static BackendStatus broken(String name, Throwable e) {
        return new BackendStatus(name, Integer.MIN_VALUE, false, "provider failed to load: " + describe(e),
                List.of(), null);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return root == e ? msg : msg + " (caused by " + root + ")";
    }

    /** The backend called {@code name}; it must be present and available. */
    public static BackendProvider get(String name) {
        return get(name, list());
    }

    static BackendProvider get(String name, List<BackendStatus> all) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BackendStatus s : all) {
            if (s.name().equals(wanted)) {
                if (!s.available()) {
                    throw new BackendUnavailableException("backend '" + wanted + "' is unavailable: " + s.reason()
                            + "; available: " + availableNames(all));
                }
                return s.provider();
            }
        }
        throw new BackendUnavailableException("unknown backend '" + wanted + "'; available: " + availableNames(all)
                + ". Put the backend's jar on the classpath (e.g. dev.mnist4j:backend-" + wanted + ")");
    }

    /**
     * The backend to use: the one named by {@value #PROPERTY} or {@value #ENV} if set, else the
     * available one with the highest priority.
     */
    public static BackendProvider best() {
        return best(System.getProperty(PROPERTY), System.getenv(ENV), list());
    }

    static BackendProvider best(String property, String env, List<BackendStatus> all) {
        String explicit = property != null && !property.isBlank() ? property
                : env != null && !env.isBlank() ? env : null;
        if (explicit != null) {
            return get(explicit, all);
        }
        return all.stream().filter(BackendStatus::available).findFirst().map(BackendStatus::provider)
                .orElseThrow(() -> new BackendUnavailableException(all.isEmpty()
                        ? "no mnist4j backend on the classpath; add one, e.g. dev.mnist4j:backend-cpu-ref"
                        : "no available backend: " + all));
    }

    private static String availableNames(List<BackendStatus> all) {
        String names = all.stream().filter(BackendStatus::available).map(BackendStatus::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
