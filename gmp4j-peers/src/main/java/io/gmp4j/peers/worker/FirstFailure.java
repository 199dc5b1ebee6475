package io.gmp4j.peers.worker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The first exception any goroutine (or virtual thread) of one measurement threw. Bodies run
 * through {@link #guard} record what they throw instead of letting it escape; the measuring thread
 * joins every one and then calls {@link #rethrow}, so a broken run replies with an error, never a
 * figure.
 */
public final class FirstFailure {
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    /** A goroutine body that may throw checked exceptions (socket I/O does). */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** {@code body} as a {@link Runnable} that records what it throws. */
    public Runnable guard(Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                first.compareAndSet(null, e);
            }
        };
    }

    /** Throws the first recorded exception, if there is one. */
    public void rethrow() throws Exception {
        Throwable e = first.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
    }
}
