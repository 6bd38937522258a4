package dev.mnist4j.core;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Where a model computes: {@code cpu}, {@code cuda}, {@code cuda:N}, or {@code auto} (the backend's
 * GPU where it has one, else the CPU).
 *
 * @param kind  what sort of device
 * @param index the CUDA ordinal; 0 for {@code cpu} and {@code auto}
 */
@API(status = STABLE)
public record Device(Kind kind, int index) {

    /** The sorts of device a request can name. */
    public enum Kind {
        CPU,
        CUDA,
        AUTO
    }

    public static final Device CPU = new Device(Kind.CPU, 0);
    public static final Device AUTO = new Device(Kind.AUTO, 0);

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, was " + index);
        }
        if (kind != Kind.CUDA && index != 0) {
            throw new IllegalArgumentException(kind + " takes no index");
        }
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda}, {@code cuda:N}, {@code gpu}, {@code gpu:N} or {@code auto}. */
    public static Device parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "cpu":
                return CPU;
            case "auto":
                return AUTO;
            case "cuda":
            case "gpu":
                return cuda(0);
            default:
                break;
        }
        if (s.startsWith("cuda:") || s.startsWith("gpu:")) {
            String n = s.substring(s.indexOf(':') + 1);
            try {
                return cuda(Integer.parseInt(n));
            } catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "': use cpu, cuda, cuda:N or auto");
    }

    /**
     * Resolves a request against the concrete devices a backend offers (usually the CPU first,
     * then its GPUs; a backend built for CUDA only may offer no CPU). {@code auto} picks the first
     * GPU, else the CPU; a device that is not offered is an error, never a silent fall-back.
     */
    public Device resolve(String backend, List<Device> offered) {
        switch (kind) {
            case AUTO:
                return offered.stream()
                        .filter(d -> d.kind == Kind.CUDA)
                        .findFirst()
                        .orElse(CPU);
            case CPU:
                if (offered.contains(CPU)) {
                    return CPU;
                }
                throw new DeviceUnavailableException("cannot use device cpu: backend '" + backend + "' runs only on "
                                + offered + " here; use device auto or one of those")
                        .remedy(Setting.DEVICE, "auto");
            default:
                if (offered.contains(this)) {
                    return this;
                }
                long gpus = offered.stream().filter(d -> d.kind == Kind.CUDA).count();
                String why = gpus == 0
                        ? "backend '" + backend + "' sees no CUDA device here"
                        : "backend '" + backend + "' has " + gpus + " CUDA device(s): cuda:0..cuda:" + (gpus - 1);
                throw new DeviceUnavailableException(
                                "cannot use device " + this + ": " + why + "; use device cpu or auto")
                        .remedy(Setting.DEVICE, "auto");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + index : kind.name().toLowerCase(Locale.ROOT);
    }
}
