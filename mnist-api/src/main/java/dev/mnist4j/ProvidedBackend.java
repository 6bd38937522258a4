package dev.mnist4j;

import dev.mnist4j.core.BackendUnavailableException;
import dev.mnist4j.core.Capability;
import dev.mnist4j.core.Device;
import dev.mnist4j.data.Normalization;
import dev.mnist4j.io.ModelFiles;
import dev.mnist4j.model.PyTorchInit;
import dev.mnist4j.model.StateDict;
import dev.mnist4j.spi.Availability;
import dev.mnist4j.spi.BackendProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The user's view of a {@link BackendProvider}: every request is checked here before the provider sees it. */
final class ProvidedBackend implements Backend {
    private final BackendProvider provider;

    ProvidedBackend(BackendProvider provider) {
        this.provider = provider;
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public int priority() {
        return provider.priority();
    }

    @Override
    public String version() {
        requireAvailable();
        return provider.version();
    }

    @Override
    public List<Device> devices() {
        requireAvailable();
        return List.copyOf(provider.devices());
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.copyOf(provider.capabilities());
    }

    @Override
    public DigitModel newModel(ModelOptions options) {
        return open(PyTorchInit.initialState(options.seed()), options, Normalization.TUTORIAL, Map.of());
    }

    @Override
    public DigitModel newModel(StateDict state, ModelOptions options) {
        return open(state, options, Normalization.TUTORIAL, Map.of());
    }

    @Override
    public DigitModel loadModel(Path file, ModelOptions options) {
        ModelFiles.SavedModel saved = ModelFiles.load(file);
        String norm = saved.metadata().get(ModelFiles.NORMALIZATION);
        return open(
                saved.state(),
                options,
                norm == null ? Normalization.TUTORIAL : Normalization.parse(norm),
                saved.metadata());
    }

    private DigitModel open(StateDict state, ModelOptions options, Normalization norm, Map<String, String> meta) {
        requireAvailable();
        state.requireMnistCnn();
        Device device = options.device().resolve(name(), provider.devices());
        return new EngineModel(
                this, provider.open(state, device, options.threads()), device, options.threads(), norm, meta);
    }

    private void requireAvailable() {
        Availability a = provider.availability();
        if (!a.available()) {
            throw new BackendUnavailableException("backend '" + name() + "' is unavailable: " + a.reason());
        }
    }

    @Override
    public String toString() {
        return "Backend[" + name() + "]";
    }
}
