package io.gmp4j.time;

import io.gmp4j.Chan;
import io.gmp4j.RecvChan;

import java.time.Duration;
import java.time.Instant;

/**
 * Ticks at a fixed rate (Go's {@code time.Ticker}): the current time is sent on {@link #c()}
 * every period until {@link #stop()}.
 *
 * <pre>{@code
 * Ticker t = Time.newTicker(Duration.ofSeconds(1));
 * for (int i = 0; i < 3; i++) System.out.println("tick at " + t.c().recv());
 * t.stop();
 * }</pre>
 *
 * <p>Contract (Go's): the channel has capacity 1; a tick that comes while the previous one is
 * still unread is dropped, so a slow receiver gets fewer ticks, never a backlog. Ticks are at
 * multiples of the period from the start (or last reset); ticks missed because the timer thread
 * was late are skipped. Once {@code stop()} or {@link #reset(Duration)} has returned no tick from
 * before the call can be received (Go 1.23). An unreferenced ticker (neither it nor its channel)
 * can be garbage-collected without being stopped. {@link Time#tick(Duration)} hands out only the
 * channel of a ticker, which then runs until the channel is unreachable (Go's {@code time.Tick}).
 */
public final class Ticker {
    /*
     * Implementation notes. TimerCore does the work (see its notes): the core reschedules itself
     * after each tick, under its lock and only if its generation is current, so a stop or reset
     * that bumps the generation ends the old schedule even when it races with a tick; the drain
     * under the same lock removes a tick sent before the call. The ticker holds its channel
     * strongly, the core only weakly.
     */
    private final Chan<Instant> c = Chan.make(1);
    private final TimerCore core;

    /** Starts ticking every {@code d}. */
    Ticker(Duration d) {
        long period = period(d);
        this.core = new TimerCore(c);
        core.reset(c, period, period);
    }

    /** {@return the channel the ticks are sent on (capacity 1)} */
    public RecvChan<Instant> c() {
        return c;
    }

    /** Stops the ticks; the channel is not closed (as in Go). */
    public void stop() {
        core.stop(c);
    }

    /**
     * Stops the ticker and restarts it with period {@code d}: the next tick comes {@code d} from
     * now.
     *
     * @param d the new period
     * @throws IllegalArgumentException if d is not positive
     */
    public void reset(Duration d) {
        long period = period(d);
        core.reset(c, period, period);
    }

    static long period(Duration d) {
        long p = TimerCore.nanos(d);
        if (p <= 0) {
            throw new IllegalArgumentException("non-positive interval for ticker: " + d);
        }
        return p;
    }
}
