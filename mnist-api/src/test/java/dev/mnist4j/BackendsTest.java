package dev.mnist4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnist4j.core.BackendUnavailableException;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.core.UnsupportedCapabilityException;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import dev.mnist4j.spi.ModelEngine;
import dev.mnist4j.train.TrainConfig;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
        public ModelEngine open(StateDict state, Device device, int threads) {
            return new ModelEngine() {
                private StateDict current = state;

                @Override
                public float[] logits(float[] images, int count) {
                    return new float[count * 10];
                }

                @Override
                public StateDict state() {
                    return current;
                }

                @Override
                public void load(StateDict s) {
                    current = s;
                }
            };
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

    /** Sees a GPU: preferred over higher priorities when no backend is named. */
    public static final class WithGpu extends Fake {
        @Override
        public String name() {
            return "gpu";
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public List<Device> devices() {
            return List.of(Device.CPU, Device.cuda(0));
        }
    }

    /** Declares inference only, as an ONNX runtime would. */
    public static final class InferenceOnly extends Fake {
        @Override
        public String name() {
            return "infer";
        }

        @Override
        public int priority() {
            return 3;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.INFERENCE);
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

    private List<Backends.Found> discover(String... classNames) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.write(services.resolve(BackendProvider.class.getName()), List.of(classNames));
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            return Backends.discover(loader);
        }
    }

    @Test
    void listsAvailableByPriorityThenUnavailableAndReportsBrokenProvidersInsteadOfDroppingThem() throws Exception {
        List<BackendStatus> all = discover(
                        Slow.class.getName(),
                        Exploding.class.getName(),
                        Fast.class.getName(),
                        "dev.mnist4j.NoSuchProvider",
                        Native.class.getName())
                .stream()
                .map(Backends.Found::status)
                .toList();
        assertThat(all).extracting(BackendStatus::name).startsWith("fast", "slow", "native");
        assertThat(all).hasSize(5);
        assertThat(all.get(0).version()).isNotEmpty();
        assertThat(all.get(0).capabilities()).containsExactly(Capability.INFERENCE, Capability.TRAINING);
        BackendStatus nat = all.get(2);
        assertThat(nat.available()).isFalse();
        assertThat(nat.reason()).contains("libfoo.so");
        List<BackendStatus> broken = all.subList(3, 5);
        assertThat(broken).allSatisfy(s -> {
            assertThat(s.available()).isFalse();
            assertThat(s.priority()).isEqualTo(Integer.MIN_VALUE);
            assertThat(s.reason()).startsWith("provider failed to load");
        });
        assertThat(broken).anySatisfy(s -> assertThat(s.reason()).contains("boom in constructor"));
        assertThat(broken).anySatisfy(s -> assertThat(s.reason()).contains("NoSuchProvider"));
    }

    @Test
    void bestIsTheAvailableOneWithTheHighestPriority() throws Exception {
        List<Backends.Found> all = discover(Slow.class.getName(), Fast.class.getName(), Native.class.getName());
        assertThat(Backends.best(null, null, all).name()).isEqualTo("fast");
    }

    @Test
    void anExplicitChoiceWinsPropertyBeforeEnvironment() throws Exception {
        List<Backends.Found> all = discover(Slow.class.getName(), Fast.class.getName());
        assertThat(Backends.best("slow", null, all).name()).isEqualTo("slow");
        assertThat(Backends.best(null, "SLOW", all).name()).isEqualTo("slow");
        assertThat(Backends.best("fast", "slow", all).name()).isEqualTo("fast");
        assertThat(Backends.best(" ", "slow", all).name()).isEqualTo("slow");
    }

    @Test
    void unknownOrUnavailableBackendsAreErrorsThatListWhatIsAvailable() throws Exception {
        List<Backends.Found> all = discover(Slow.class.getName(), Fast.class.getName(), Native.class.getName());
        assertThatThrownBy(() -> Backends.get("dl4j", all))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("unknown backend 'dl4j'")
                .hasMessageContaining("available: fast, slow");
        assertThatThrownBy(() -> Backends.get("native", all))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("'native' is unavailable: libfoo.so")
                .hasMessageContaining("available: fast, slow");
        assertThatThrownBy(() -> Backends.best("native", null, all)).hasMessageContaining("libfoo.so");
    }

    @Test
    void noBackendAtAllSaysWhichJarToAdd() throws Exception {
        assertThatThrownBy(() -> Backends.best(null, null, discover()))
                .hasMessageContaining("no mnist4j backend on the classpath")
                .hasMessageContaining("backend-cpu-ref");
    }

    @Test
    void aBackendThatSeesACudaDeviceComesFirstWhateverItsPriority() throws Exception {
        List<Backends.Found> all = discover(Fast.class.getName(), WithGpu.class.getName(), Slow.class.getName());
        assertThat(Backends.best(null, null, all).name()).isEqualTo("gpu");
        assertThat(all).extracting(f -> f.status().name()).containsExactly("gpu", "fast", "slow");
    }

    @Test
    void anInferenceOnlyBackendRunsModelsAndRefusesToTrainNamingTheCapability() throws Exception {
        Backend infer = Backends.get("infer", discover(InferenceOnly.class.getName(), Fast.class.getName()));
        assertThat(infer.can(Capability.TRAINING)).isFalse();
        try (DigitModel model = infer.newModel(ModelOptions.defaults().withThreads(1))) {
            assertThat(model.logits(new float[784 * 2], 2)).hasSize(20);
            assertThat(model.stateDict()).isEqualTo(PyTorchInit.initialState(42));
            assertThatThrownBy(() -> model.newTrainer(TrainConfig.defaults()))
                    .isInstanceOf(UnsupportedCapabilityException.class)
                    .hasMessageContaining("backend 'infer' cannot train")
                    .hasMessageContaining("TRAINING")
                    .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability())
                            .isEqualTo(Capability.TRAINING));
        }
    }

    @Test
    void everyRequestIsCheckedBeforeTheProviderSeesIt() throws Exception {
        Backend fast = Backends.get("fast", discover(Fast.class.getName()));
        assertThatThrownBy(() -> fast.newModel(ModelOptions.defaults().withDevice(Device.cuda(1))))
                .isInstanceOf(dev.mnist4j.core.DeviceUnavailableException.class)
                .hasMessageContaining("backend 'fast' sees no CUDA device")
                .satisfies(e -> assertThat(((dev.mnist4j.core.Mnist4jException) e).remedies())
                        .containsEntry(dev.mnist4j.core.Setting.DEVICE, "auto"));
        assertThatThrownBy(() -> ModelOptions.defaults().withThreads(0)).hasMessageContaining("threads must be >= 1");
        java.util.Map<String, dev.mnist4j.model.Tensor> wrong =
                new java.util.LinkedHashMap<>(PyTorchInit.initialState(1).tensors());
        wrong.remove("fc2.bias");
        assertThatThrownBy(() -> fast.newModel(StateDict.of(wrong), ModelOptions.defaults()))
                .hasMessageContaining("missing tensor 'fc2.bias'");
        try (DigitModel model = fast.newModel(ModelOptions.defaults())) {
            assertThatThrownBy(() -> model.logits(new float[783], 1)).hasMessageContaining("784");
            assertThat(model.logits(new float[0], 0)).isEmpty();
        }
    }
}
