package org.lci.cli;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;

/**
 * An orderly stop on SIGTERM and SIGINT (Ctrl-C). The JVM's own handling starts every shutdown hook at once while
 * the work threads keep running, and ONNX Runtime's Java binding has a hook of its own that frees its native
 * environment: a tile still inside ONNX Runtime then crashed the process (SIGSEGV in libonnxruntime.so, seen at the
 * end of an {@code lci serve} load run), and a batch could start a temp file after the cleanup hook had looked (a
 * {@code .part} left behind, seen in InterruptTest). So the CLI takes these two signals itself: it first stops the
 * work — servers drain, codecs close (which waits for the ONNX Runtime calls in flight; later ones fail), a batch
 * starts no further file — and then exits through the hooks as before, with status 128 + the signal's number.
 * A second signal exits at once.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's supported-in-practice way for an application to
 * handle a signal; a JVM run with {@code -Xrs} keeps its default handling.
 */
final class Shutdown {
    private static final Deque<AutoCloseable> OPEN = new ConcurrentLinkedDeque<>();
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private Shutdown() { }

    /** Takes over SIGTERM and SIGINT for this process (the {@code lci} command, not the library). */
    static void install() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), Shutdown::onSignal);
            }
            catch (IllegalArgumentException e) {
                // the JVM reserves this signal (-Xrs): its default handling stays
            }
        }
    }

    /** Work to stop before the process exits on a signal; stopped in reverse order of registration. */
    static <T extends AutoCloseable> T track(T resource) {
        OPEN.push(resource);
        return resource;
    }

    /** True once a signal asked the process to stop: start no further work. */
    static boolean stopping() {
        return STOPPING.get();
    }

    private static void onSignal(Signal signal) {
        int status = 128 + signal.getNumber();
        if (!STOPPING.compareAndSet(false, true)) {
            Runtime.getRuntime().halt(status);     // asked twice: now
        }
        for (AutoCloseable r = OPEN.poll(); r != null; r = OPEN.poll()) {
            try {
                r.close();
            }
            catch (Exception | Error e) {
                // exiting anyway; the rest still gets closed
            }
        }
        System.exit(status);
    }
}
