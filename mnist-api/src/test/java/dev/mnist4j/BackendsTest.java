package dev.mnist4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.model.DigitModel;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.TrainingEngine;
import dev.mnist4j.train.OptimizerConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery through ServiceLoader, with fake providers listed in a services file of the test's own. */
class BackendsTest {
    @TempDir
    Path dir;

    /** Fakes: only what discovery looks at is implemented. */
    public abstract static class Fake implements BackendProvider {
        @Override
        public Availability availability() {
            return Availability.AVAILABLE;
        }

        @Override
        public List<Device> devices() {
            return List.of(Device.CPU);
        }

        @Override
        public DigitModel openModel(StateDict state, Device device, int threads) {
            throw new AssertionError("not used");
        }

        @Override
        public TrainingEngine trainingEngine(DigitModel model, OptimizerConfig optimizer) {
            throw new AssertionError("not used");
        }
    }

    public static final class Fast extends Fake {
        @Override
        public String name() {
            return "fast";
        }

        @Override
        public int priority() {
            return 50;
        }
    }

    public static final class Slow extends Fake {
        @Override
        public String name() {
            return "slow";
        }

        @Override
        public int priority() {
            return 5;
        }
    }

    public static final class Native extends Fake {
        @Override
        public String name() {
            return "native";
        }

        @Override
        public int priority() {
            return 100;
        }

        @Override
        public Availability availability() {
            return Availability.unavailable("libfoo.so could not be loaded: no such file");
        }
    }

    public static final class Exploding extends Fake {
        public Exploding() {
            throw new IllegalStateException("boom in constructor");
        }

        @Override
        public String name() {
            return "exploding";
        }

        @Override
        public int priority() {
            return 1;
        }
    }

    private List<BackendStatus> discover(String... classNames) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.write(services.resolve(BackendProvider.class.getName()), List.of(classNames));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            return Backends.list(loader);
        }
    }

    @Test
    void listsByPriorityAndReportsBrokenProvidersInsteadOfDroppingThem() throws Exception {
        List<BackendStatus> all = discover(Slow.class.getName(), Exploding.class.getName(), Fast.class.getName(),
                "dev.mnist4j.NoSuchProvider", Native.class.getName());
        assertThat(all).extracting(BackendStatus::name).startsWith("native", "fast", "slow");
        assertThat(all).hasSize(5);
        BackendStatus nat = all.get(0);
        assertThat(nat.available()).isFalse();
        assertThat(nat.reason()).contains("libfoo.so");
        List<BackendStatus> broken = all.subList(3, 5);
        assertThat(broken).allSatisfy(s -> {
            assertThat(s.available()).isFalse();
            assertThat(s.provider()).isNull();
            assertThat(s.reason()).startsWith("provider failed to load");
        });
        assertThat(broken).anySatisfy(s -> assertThat(s.reason()).contains("boom in constructor"));
        assertThat(broken).anySatisfy(s -> assertThat(s.reason()).contains("NoSuchProvider"));
    }

    @Test
    void bestIsTheAvailableOneWithTheHighestPriority() throws Exception {
        List<BackendStatus> all = discover(Slow.class.getName(), Fast.class.getName(), Native.class.getName());
        assertThat(Backends.best(null, null, all).name()).isEqualTo("fast");
    }

    @Test
    void anExplicitChoiceWinsPropertyBeforeEnvironment() throws Exception {
        List<BackendStatus> all = discover(Slow.class.getName(), Fast.class.getName());
        assertThat(Backends.best("slow", null, all).name()).isEqualTo("slow");
        assertThat(Backends.best(null, "SLOW", all).name()).isEqualTo("slow");
        assertThat(Backends.best("fast", "slow", all).name()).isEqualTo("fast");
        assertThat(Backends.best(" ", "slow", all).name()).isEqualTo("slow");
    }

    @Test
    void unknownOrUnavailableBackendsAreErrorsThatListWhatIsAvailable() throws Exception {
        List<BackendStatus> all = discover(Slow.class.getName(), Fast.class.getName(), Native.class.getName());
        assertThatThrownBy(() -> Backends.get("dl4j", all)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("unknown backend 'dl4j'").hasMessageContaining("available: fast, slow");
        assertThatThrownBy(() -> Backends.get("native", all)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'native' is unavailable: libfoo.so").hasMessageContaining("available: fast, slow");
        assertThatThrownBy(() -> Backends.best("native", null, all)).hasMessageContaining("libfoo.so");
    }

    @Test
    void noBackendAtAllSaysWhichJarToAdd() throws Exception {
        assertThatThrownBy(() -> Backends.best(null, null, discover()))
                .hasMessageContaining("no mnist4j backend on the classpath").hasMessageContaining("backend-cpu-ref");
    }
}
