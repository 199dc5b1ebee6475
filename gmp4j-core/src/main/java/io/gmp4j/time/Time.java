package io.gmp4j.time;

import io.gmp4j.Go;
import io.gmp4j.GoroutineInterruptedException;
import io.gmp4j.RecvChan;
import io.gmp4j.internal.park.Park;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package functions: sleeping, timers and tickers whose events arrive on
 * channels (usable with {@code recv}, {@code tryRecv} or {@code Select}).
 *
 * <pre>{@code
 * RecvChan<Instant> timeout = Time.after(Duration.ofSeconds(1));
 * Time.sleep(Duration.ofMillis(10));                   // wait reason "sleep"
 * Timer t = Time.afterFunc(Duration.ofMillis(5), () -> System.out.println("fired"));
 * Ticker tick = Time.newTicker(Duration.ofMillis(100));
 * RecvChan<Instant> forever = Time.tick(Duration.ofSeconds(1));   // Go's time.Tick: never stopped
 * }</pre>
 *
 * <p>Durations: zero or negative means "now" (sleep returns at once; a timer fires at once);
 * durations too long for a long of nanoseconds are saturated. All timers run on one daemon
 * platform thread, "gmp4j-timers", started on first use; its work per event is a non-blocking
 * send (or starting a goroutine), so events do not delay each other.
 */
public final class Time {
    /*
     * Implementation notes. Timers and tickers: see TimerCore. sleep parks on the one park path
     * (internal.park.Park.sleepUntil: a node nobody else claims, a deadline, Go's wait reason
     * "sleep" on the goroutine's record); a virtual thread's timed park frees its carrier, early
     * returns of parkNanos are re-checked there, and deadline arithmetic is overflow-safe
     * (differences of nanoTime values). An interrupt ends it: the interrupt status is set again
     * and GoroutineInterruptedException thrown, like the other blocking gmp4j operations.
     */
    private static final Object SLEEP_BLOCKER = new Object();

    private Time() {
    }

    /**
     * {@return a channel that receives the current time once, after {@code d} (Go's {@code time.After})}
     *
     * @param d how long from now
     */
    public static RecvChan<Instant> after(Duration d) {
        return Objects.requireNonNull(new Timer(d).c(), "c"); // a channel timer's c() is never null
    }

    /**
     * Pauses the calling goroutine (or thread) for at least {@code d}; zero or negative returns at
     * once. Its wait reason meanwhile is "sleep".
     *
     * @param d how long to sleep
     * @throws GoroutineInterruptedException if interrupted (the interrupt status is kept)
     */
    public static void sleep(Duration d) {
        long nanos = TimerCore.nanos(d);
        if (nanos <= 0) {
            return;
        }
        if (Park.sleepUntil(SLEEP_BLOCKER, "sleep", System.nanoTime() + nanos) == Park.Woken.INTERRUPTED) {
            throw new GoroutineInterruptedException();
        }
    }


    /**
     * {@return a timer that sends the current time on its channel after {@code d}}
     *
     * @param d how long from now
     */
    public static Timer newTimer(Duration d) {
        return new Timer(d);
    }

    /**
     * A ticker that sends the current time every {@code d}.
     *
     * @param d the period
     * @return the ticker, started
     * @throws IllegalArgumentException if d is not positive (Go panics)
     */
    public static Ticker newTicker(Duration d) {
        return new Ticker(d);
    }

    /**
     * A channel that receives the current time every {@code d}, for as long as anyone refers to it
     * (Go's {@code time.Tick}). Nothing can stop it: use {@link #newTicker(Duration)} for a ticker
     * that can be stopped or reset. Ticks are {@link Ticker}'s: capacity 1, a tick that comes while
     * the previous one is unread is dropped, missed ticks are skipped.
     *
     * <pre>{@code
     * for (Instant t : Time.tick(Duration.ofSeconds(1))) {   // Go's: for t := range time.Tick(time.Second)
     *     System.out.println("tick at " + t);
     * }
     * }</pre>
     *
     * <p>As in Go 1.23, the ticker is not a leak: once the channel is unreachable it stops and is
     * garbage-collected, and a goroutine blocked on it (the channel then reachable only from that
     * goroutine) is still woken by its ticks, never reported as leaked.
     *
     * @param d the period
     * @return the channel the ticks arrive on (never closed)
     * @throws IllegalArgumentException if d is zero or negative (Go's {@code time.Tick} returns nil
     *                                  then, a channel that never delivers; a Java caller gets a
     *                                  clear error instead)
     * @throws NullPointerException     if d is null
     */
    public static RecvChan<Instant> tick(Duration d) {
        if (TimerCore.nanos(d) <= 0) {
            throw new IllegalArgumentException("non-positive interval for Time.tick: " + d
                    + " (Go's time.Tick returns a nil channel then; give a positive period)");
        }
        return new Ticker(d).c(); // the ticker's core holds the channel weakly: see Ticker and TimerCore
    }

    /**
     * Starts {@code f} in its own goroutine ({@link Go#go}) after {@code d}; the timer's c() is null.
     *
     * @param d how long from now
     * @param f what the goroutine runs
     * @return the timer, to stop or reset it
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        Objects.requireNonNull(f, "f");
        return new Timer(d, f);
    }
}
