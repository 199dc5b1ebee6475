package io.gmp4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A handle on a goroutine started by {@link Go#go(Runnable)}.
 *
 * <pre>{@code
 * Goroutine g = Go.go("worker", () -> work());
 * System.out.println(g.id() + " " + g.state() + " " + g.waitReason());
 * g.join();
 * }</pre>
 *
 * <p>Every accessor may be called from any thread at any time and never blocks, except
 * {@link #join()}. State and wait reason are read without stopping the goroutine, so they describe
 * a recent moment, not necessarily the present one. Holding a handle keeps only the goroutine's
 * record alive, never its thread.
 */
public interface Goroutine {
    /** {@return the Go-style id: 1, 2, 3, … in start order, unique in this JVM} */
    long id();

    /** {@return the name given at start, or {@code "goroutine-<id>"}} */
    String name();

    /** {@return the scheduling state (a recent one: see above)} */
    GoroutineState state();

    /**
     * True while the goroutine is {@link GoroutineState#RUNNING} but its carrier is blocked in a
     * system call: native code off the CPU, such as file I/O, which pins a virtual thread's
     * carrier (Go's {@code _Gsyscall}, shown as {@code [syscall]} in dumps). Sysmon notices it
     * once the call has lasted a hand-off threshold (10 ms) and hands the P to another carrier;
     * until then, and on the JDK's default scheduler, this is false.
     *
     * @return whether it is in a system call now
     */
    default boolean inSyscall() {
        return false;
    }

    /**
     * Why the goroutine is blocked, in Go's words ("chan receive", "select", "sleep",
     * "sync.WaitGroup.Wait", "semacquire", …) when it waits in a gmp4j primitive, else the type of
     * the JDK park blocker, else a description of the JDK wait: "IO wait" for a socket read,
     * write, accept or connect or a selector (Go's netpoller wait), "sleep", "park",
     * "monitor enter"; empty when it is not waiting.
     *
     * @return the wait reason, or the empty string
     */
    String waitReason();

    /** {@return what it waits on (the primitive), when it waits in a gmp4j primitive} */
    Optional<Object> waitingOn();

    /** {@return when it started waiting, when it is waiting and the time is known} */
    Optional<Instant> waitingSince();

    /** {@return the id of the goroutine that started it, or 0 when started by a thread that is not one} */
    long parentId();

    /** {@return where it was started (see {@link CreationSiteMode})} */
    CreationSite creationSite();

    /** {@return its labels (string key/values): its parent's plus those it was started with} */
    Map<String, String> labels();

    /** {@return whether the goroutine owns its carrier thread (Go's {@code LockOSThread})} */
    boolean lockedToThread();

    /**
     * Waits until the goroutine is dead.
     *
     * @throws GoroutineInterruptedException if the waiting thread is interrupted (its interrupt
     *                                       status is kept)
     * @throws IllegalStateException         if the goroutine is a proven leak: the GC collected it
     *                                       while it was blocked where nothing could wake it, so it
     *                                       will never end (thrown once that is known, instead of
     *                                       waiting for ever)
     */
    void join();

    /**
     * Waits at most {@code timeout} for the goroutine to end.
     *
     * @param timeout how long to wait at most
     * @return true if it ended, false if the time ran out
     * @throws GoroutineInterruptedException if the waiting thread is interrupted
     * @throws IllegalStateException         if the goroutine is a proven leak (see {@link #join()})
     */
    boolean join(Duration timeout);
}
