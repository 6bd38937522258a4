package dev.mnist4j.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C during a long job: the first asks it to stop cleanly ({@code onFirst}), the second ends the
 * process at once with status 130. Uses the JDK's {@code sun.misc.Signal} (module jdk.unsupported,
 * on every JDK since 9), reached by reflection so that no build warns about it; where it is missing,
 * Ctrl-C ends the process as usual.
 */
final class CtrlC implements AutoCloseable {
    static final int STATUS = 130; // 128 + SIGINT, what shells report for Ctrl-C

    private final Object previous;
    private volatile boolean heard;

    private CtrlC(Runnable onFirst) {
        Object installed = null;
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler onSignal = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    if (heard) {
                        Runtime.getRuntime().halt(STATUS);
                    }
                    heard = true;
                    onFirst.run();
                    return null;
                }
                return method.invoke(this, args); // toString, hashCode, equals
            };
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, onSignal);
            Object intSignal = signal.getConstructor(String.class).newInstance("INT");
            installed = signal.getMethod("handle", signal, handler).invoke(null, intSignal, proxy);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            installed = null; // no signal API here: the JVM's own Ctrl-C handling stays
        }
        this.previous = installed;
    }

    /** Until closed, Ctrl-C runs {@code onFirst} once, then ends the process at once. */
    static CtrlC onFirst(Runnable onFirst) {
        return new CtrlC(onFirst);
    }

    /** Whether Ctrl-C was pressed. */
    boolean heard() {
        return heard;
    }

    /** Puts back the previous handler (the JVM's: Ctrl-C ends the process). */
    @Override
    public void close() {
        if (previous == null) {
            return;
        }
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            signal.getMethod("handle", signal, handler)
                    .invoke(null, signal.getConstructor(String.class).newInstance("INT"), previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the process is ending anyway
        }
    }
}
