package io.gmp4j.time;

import io.gmp4j.Chan;
import io.gmp4j.ChannelClosedException;
import io.gmp4j.Go;
import io.gmp4j.internal.g.TimerPin;
import org.jspecify.annotations.Nullable;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduling state shared by {@link Timer} and {@link Ticker} (Go's runtime {@code timer}):
 * arms, disarms and fires one one-shot or periodic timer on the "gmp4j-timers" thread.
 */
final class TimerCore implements TimerPin {
    /*
     * Implementation notes.
     *
     * Reachability (Go >= 1.23: unreferenced timers are collectable). The executor's queue holds
     * the scheduled task, the task holds this core, and the core holds the channel only through a
     * WeakReference; the core never refers to its Timer/Ticker. So the channel is reachable only
     * from user code (a Timer/Ticker holds it strongly). A Cleaner registered on the channel runs
     * cancel() once the channel is phantom-reachable: the future is cancelled and, with
     * removeOnCancelPolicy, leaves the queue, so the core becomes garbage too. A firing that finds
     * the weak reference cleared just disarms (and a ticker does not reschedule).
     *
     * Invariants, under `lock`: `gen` changes on every stop/reset/cancel; the pending task, if any,
     * carries the gen it was armed with; `active` is true iff a firing for the current gen is due
     * and has not happened. Lock order: core lock, then the channel's lock (fire sends, stop and
     * reset drain, both under the core lock); nothing takes them the other way round.
     *
     * Why no stale value survives stop/reset (Go 1.23's guarantee): a firing sends only under the
     * lock and only if its gen is current. stop/reset take the lock, bump gen, cancel the future
     * and drain the (capacity-1) channel before unlocking. A firing that completed before that
     * left its value in the buffer, which the drain removes (or it was already handed to a
     * receiver, i.e. received before the call); a firing that runs after it, even one whose
     * cancel() came too late because the task had already started, sees a stale gen and does
     * nothing. As in Go 1.23 (whose timer channels are unbuffered in effect) a drained value
     * counts as never sent: stop/reset then report the timer as having been active.
     *
     * Tickers reschedule themselves (one-shot tasks, not scheduleAtFixedRate) at
     * when + period * (1 + (now - when) / period): fixed rate, and missed ticks are skipped instead
     * of being fired in a catch-up burst; trySend drops a tick while the previous one is unread.
     * afterFunc cores start the function with Go.go outside the lock.
     *
     * Blocked receivers (TimerPin, Go 1.23's blockTimerChan). The pin is registered for the
     * channel as it is made; the channel's wait target finds it, and the park path calls
     * blocked()/unblocked() around every park on the channel. While `blockedCount` > 0 and the
     * timer is armed, `pinned` holds the channel strongly, so that the executor's queue reaches
     * the channel and through its wait queue the blocked goroutines: a goroutine parked on an
     * unreferenced timer's channel is woken by the timer rather than collected. Every change of
     * blockedCount, active and pinned happens under `lock`, and pinned == (active && blockedCount
     * > 0 ? channel : null) holds whenever the lock is free. blocked() runs on the goroutine itself
     * before it parks, when it still refers to the channel, so chan.get() is not null there.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final @Nullable WeakReference<Chan<Instant>> chan; // null for afterFunc
    private final @Nullable Runnable func;                     // null for channel timers
    private long gen;
    private boolean active;
    private long period;                             // nanos; 0 = one-shot
    private long when;                               // System.nanoTime() of the next firing
    private @Nullable ScheduledFuture<?> future;
    private int blockedCount;
    @SuppressWarnings("UnusedVariable") // never read: it only keeps the channel reachable
    private @Nullable Chan<Instant> pinned;

    /** A core that sends on {@code c}, cancelled when {@code c} is collected. */
    TimerCore(Chan<Instant> c) {
        this.chan = new WeakReference<>(c);
        this.func = null;
        Holder.CLEANER.register(c, this::cancel);
        TimerPin.register(c, this); // before anyone can block on c

    }

    /** A core that starts {@code f} in a new goroutine when it fires. */
    TimerCore(Runnable f) {
        this.chan = null;
        this.func = Objects.requireNonNull(f, "f");
    }

    /** Disarms, drains {@code c} (may be null) and reports whether a firing was pending. */
    boolean stop(@Nullable Chan<Instant> c) {
        lock.lock();
        try {
            boolean wasActive = disarm();
            return drain(c) || wasActive;
        } finally {
            lock.unlock();
        }
    }

    /** Like stop, then arms to fire after {@code delay} nanos and then every {@code period} (0: once). */
    boolean reset(@Nullable Chan<Instant> c, long delay, long period) {
        lock.lock();
        try {
            boolean wasActive = disarm();
            boolean pending = drain(c) || wasActive;
            this.period = period;
            this.active = true;
            delay = Math.max(0, delay);
            this.when = System.nanoTime() + delay;
            schedule(delay);
            repin();
            return pending;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void blocked() {
        lock.lock();
        try {
            blockedCount++;
            repin();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void unblocked() {
        lock.lock();
        try {
            blockedCount--;
            repin();
        } finally {
            lock.unlock();
        }
    }

    /** Restores the invariant on `pinned`; under the lock. */
    private void repin() {
        pinned = active && blockedCount > 0 && chan != null ? chan.get() : null;
    }

    /** The Cleaner's action once the channel is unreachable. Must not capture the channel. */
    private void cancel() {
        lock.lock();
        try {
            disarm();
        } finally {
            lock.unlock();
        }
    }

    private boolean disarm() {
        boolean was = active;
        active = false;
        gen++;
        if (future != null) {
            future.cancel(false);
            future = null;
        }
        pinned = null;
        return was;
    }

    private static boolean drain(@Nullable Chan<Instant> c) {
        return c != null && c.tryRecv() != null;
    }

    private void schedule(long delay) {
        long armedGen = gen;
        future = Holder.EXECUTOR.schedule(() -> fire(armedGen), delay, TimeUnit.NANOSECONDS);
    }

    private void fire(long armedGen) {
        Runnable start = null;
        lock.lock();
        try {
            if (armedGen != gen || !active) {
                return; // stopped or reset since this task was armed
            }
            if (func != null) {
                active = false;
                future = null;
                start = func;
                return;
            }
            Chan<Instant> c = chan == null ? null : chan.get();
            if (c == null) {
                disarm(); // the channel was collected; the Cleaner may not have run yet
                return;
            }
            try {
                c.trySend(Instant.now()); // false: the previous tick is unread, drop this one
            } catch (ChannelClosedException e) {
                disarm(); // someone cast c() to Chan and closed it: nothing more to send
                return;
            }
            if (period == 0) {
                active = false;
                future = null;
                pinned = null;
                return;
            }
            long now = System.nanoTime();
            when += period * (1 + Math.max(0, now - when) / period);
            schedule(when - now);
        } finally {
            lock.unlock();
            if (start != null) {
                Go.go(start);
            }
        }
    }

    /** Go's duration in nanos, saturated instead of overflowing. */
    static long nanos(Duration d) {
        Objects.requireNonNull(d, "d");
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Tasks waiting in the timer thread's queue (for tests: cancelled tasks leave it). */
    static int queueSize() {
        return Holder.EXECUTOR.getQueue().size();
    }

    /** Created on first use: one daemon platform thread for all timers, and the Cleaner. */
    private static final class Holder {
        static final ScheduledThreadPoolExecutor EXECUTOR;
        static final Cleaner CLEANER = Cleaner.create();

        static {
            EXECUTOR = new ScheduledThreadPoolExecutor(1,
                    r -> Thread.ofPlatform().name("gmp4j-timers").daemon(true).unstarted(r));
            EXECUTOR.setRemoveOnCancelPolicy(true);
        }
    }
}
