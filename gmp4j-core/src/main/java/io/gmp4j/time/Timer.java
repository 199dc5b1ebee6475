package io.gmp4j.time;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/**
 * A single event (Go's {@code time.Timer}): after its duration the current time is sent on
 * {@link #c()}, or, for a timer made by {@link Time#afterFunc}, the function is started in its
 * own goroutine.
 *
 * <pre>{@code
 * Timer t = Time.newTimer(Duration.ofMillis(50));
 * if (!done) t.stop();            // no value will arrive on t.c()
 * t.reset(Duration.ofSeconds(1)); // armed again; no stale value from before
 * Instant at = t.c().recv();
 * }</pre>
 *
 * <p>Contract (Go 1.23's): once {@link #stop()} or {@link #reset(Duration)} has returned, no value
 * sent before that call can be received from {@code c()}, so no draining is needed. Both return
 * true if the timer was active: its value had not been received yet (a value that was sent but
 * not received is withdrawn and counts as never sent, as with Go 1.23's unbuffered timer
 * channels), or, for afterFunc, its function had not been started. A timer that nothing refers to
 * (neither it nor its channel) can be garbage-collected even if it has not fired or been stopped.
 */
public final class Timer {
    /*
     * Implementation notes. All scheduling lives in TimerCore (see its notes for the races between
     * firing and stop/reset). The timer holds its channel strongly and the core weakly refers to
     * it, so a referenced Timer keeps its channel alive while an unreferenced one can be
     * collected. The channel has capacity 1 so the timer thread's send never blocks.
     */
    private final @Nullable Chan<Instant> c;
    private final TimerCore core;

    /** A channel timer armed for {@code d}. */
    Timer(Duration d) {
        long delay = TimerCore.nanos(d);
        this.c = Chan.make(1);
        this.core = new TimerCore(c);
        core.reset(c, delay, 0);
    }

    /** An afterFunc timer armed for {@code d}. */
    Timer(Duration d, Runnable f) {
        long delay = TimerCore.nanos(d);
        this.c = null;
        this.core = new TimerCore(f);
        core.reset(null, delay, 0);
    }

    /** {@return the channel the time is sent on; null for a timer made by {@link Time#afterFunc}} */
    public @Nullable RecvChan<Instant> c() {
        return c;
    }

    /**
     * Prevents the timer from firing. Returns true if this call stopped it (its value had not been
     * received, or its function had not been started), false if it had already expired or been
     * stopped. For afterFunc, stop does not wait for a started function to finish.
     *
     * @return whether this call stopped it
     */
    public boolean stop() {
        return core.stop(c);
    }

    /**
     * Re-arms the timer to fire after {@code d} (zero or negative: at once). Returns true if it
     * had been active (see {@link #stop()}).
     *
     * @param d when to fire, from now
     * @return whether it had been active
     */
    public boolean reset(Duration d) {
        return core.reset(c, TimerCore.nanos(d), 0);
    }
}
