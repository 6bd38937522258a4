package dev.mnist4j;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import dev.mnist4j.core.BackendUnavailableException;
import dev.mnist4j.core.Device;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Finds backends on the classpath: the application's entry point. Each provider is created on its
 * own, so one broken jar cannot hide the others, and a broken one is listed with its error rather
 * than dropped. An explicit choice (system property {@value #PROPERTY}, else environment variable
 * {@value #ENV}) wins over the default order; see {@link #best()}.
 */
@API(status = STABLE)
public final class Backends {
    public static final String PROPERTY = "mnist4j.backend";
    public static final String ENV = "MNIST4J_BACKEND";

    private Backends() {}

    /** What discovery found: one provider and what it reported. */
    record Found(BackendStatus status, BackendProvider provider) {
        boolean hasCuda() {
            return status.devices().stream().anyMatch(d -> d.kind() == Device.Kind.CUDA);
        }
    }

    /** Every backend found, in the order {@link #best()} prefers them; broken ones last. */
    public static List<BackendStatus> list() {
        return list(Backends.class.getClassLoader());
    }

    /** As {@link #list()}, for the providers a given class loader sees. */
    public static List<BackendStatus> list(ClassLoader loader) {
        return discover(loader).stream().map(Found::status).toList();
    }

    /** The backend called {@code name}; it must be present and available. */
    public static Backend get(String name) {
        return get(name, discover(Backends.class.getClassLoader()));
    }

    /**
     * The backend to use when none is named: the one named by {@value #PROPERTY} or {@value #ENV}
     * if set; else the available backend that sees a CUDA device, highest priority first; else the
     * available backend with the highest priority (a backend's priority may depend on how fast it
     * can run here).
     */
    public static Backend best() {
        return best(System.getProperty(PROPERTY), System.getenv(ENV), discover(Backends.class.getClassLoader()));
    }

    /** Why {@link #best()} picks what it picks, in one sentence, e.g. for a listing of backends. */
    public static String whyBest() {
        String property = System.getProperty(PROPERTY);
        String env = System.getenv(ENV);
        List<Found> all = discover(Backends.class.getClassLoader());
        String chosen;
        try {
            chosen = best(property, env, all).name();
        } catch (BackendUnavailableException e) {
            return "no backend would run: " + e.getMessage();
        }
        if (property != null && !property.isBlank()) {
            return chosen + ", named by the system property " + PROPERTY;
        }
        if (env != null && !env.isBlank()) {
            return chosen + ", named by the environment variable " + ENV;
        }
        Found f = all.stream()
                .filter(x -> x.status().name().equals(chosen))
                .findFirst()
                .orElseThrow();
        return f.hasCuda()
                ? chosen + ", the available backend that sees a CUDA device"
                : chosen + ", the available backend with the highest priority ("
                        + f.status().priority() + "); no backend sees a CUDA device";
    }

    /**
     * A backend for a provider instance the caller made: for plug-in authors and their tests (the
     * conformance kit), not for applications, which find backends with {@link #get} and {@link
     * #best}.
     */
    @API(status = EXPERIMENTAL)
    public static Backend of(BackendProvider provider) {
        return new ProvidedBackend(provider);
    }

    static Backend get(String name, List<Found> all) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Found f : all) {
            if (f.status().name().equals(wanted)) {
                if (!f.status().available()) {
                    throw new BackendUnavailableException("backend '" + wanted + "' is unavailable: "
                            + f.status().reason() + "; available: " + availableNames(all));
                }
                return new ProvidedBackend(f.provider());
            }
        }
        throw new BackendUnavailableException("unknown backend '" + wanted + "'; available: " + availableNames(all)
                + ". Put the backend's jar on the classpath (e.g. dev.mnist4j:backend-" + wanted + ")");
    }

    static Backend best(String property, String env, List<Found> all) {
        String explicit =
                property != null && !property.isBlank() ? property : env != null && !env.isBlank() ? env : null;
        if (explicit != null) {
            return get(explicit, all);
        }
        return all.stream()
                .filter(f -> f.status().available())
                .findFirst()
                .map(f -> (Backend) new ProvidedBackend(f.provider()))
                .orElseThrow(() -> new BackendUnavailableException(
                        all.isEmpty()
                                ? "no mnist4j backend on the classpath; add one, e.g. dev.mnist4j:backend-cpu-ref"
                                : "no available backend: "
                                        + all.stream().map(Found::status).toList()));
    }

    /** Discovers, then orders: available with CUDA, available, unavailable, broken; by priority within each. */
    static List<Found> discover(ClassLoader loader) {
        List<Found> found = new ArrayList<>();
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
            found.add(inspect(entry));
        }
        found.sort(Comparator.comparing((Found f) -> f.provider() == null)
                .thenComparing(f -> !f.status().available())
                .thenComparing(f -> !f.hasCuda())
                .thenComparing(Comparator.comparingInt((Found f) -> f.status().priority())
                        .reversed())
                .thenComparing(f -> f.status().name()));
        return found;
    }

    private static Found inspect(ServiceLoader.Provider<BackendProvider> entry) {
        BackendProvider p;
        try {
            p = entry.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            return broken(entry.type().getName(), e);
        }
        try {
            Availability a = p.availability();
            if (!a.available()) {
                return new Found(
                        new BackendStatus(p.name(), p.priority(), false, a.reason(), List.of(), p.capabilities(), ""),
                        p);
            }
            return new Found(
                    new BackendStatus(p.name(), p.priority(), true, "", p.devices(), p.capabilities(), p.version()), p);
        } catch (RuntimeException | LinkageError e) {
            return new Found(
                    new BackendStatus(
                            p.name(), p.priority(), false, "failed to start: " + describe(e), List.of(), Set.of(), ""),
                    p);
        }
    }

    private static Found broken(String name, Throwable e) {
        return new Found(
                new BackendStatus(
                        name,
                        Integer.MIN_VALUE,
                        false,
                        "provider failed to load: " + describe(e),
                        List.of(),
                        Set.of(),
                        ""),
                null);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return root == e ? msg : msg + " (caused by " + root + ")";
    }

    private static String availableNames(List<Found> all) {
        String names = all.stream()
                .filter(f -> f.status().available())
                .map(f -> f.status().name())
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
