package io.gmp4j.spi;

import io.gmp4j.internal.g.CollectedGoroutines;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.LeakSinks;
import io.gmp4j.internal.g.Origin;
import io.gmp4j.internal.g.Registry;
import io.gmp4j.internal.runtime.GoRuntime;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The goroutine records of this JVM, for gmp4j's own tools: which are alive, proven-leak sweeps,
 * and the origin tags that attribute goroutines to the test (or any other unit) that started them.
 *
 * <pre>{@code
 * for (GoroutineRecord g : Goroutines.all()) { ... g.waitReason() ... g.stackNow() ... }
 * System.gc(); Goroutines.sweepCollected(); Goroutines.awaitHandedOn(10_000);  // collectNow
 * Object previous = Goroutines.setOrigin(myTracker);  // goroutines started here report to it
 * }</pre>
 */
public final class Goroutines {
    private Goroutines() {
    }

    /**
     * Hears of every goroutine started under an origin tag that is a Tracker (set with
     * {@link #setOrigin}), its own and its descendants', virtual threads started inside them
     * included. Called on the starting thread, after the goroutine is registered and before it runs.
     */
    public interface Tracker {
        /**
         * A goroutine was started under this tag.
         *
         * @param g its record
         */
        void started(GoroutineRecord g);
    }

    /** {@return the live goroutines (a weakly consistent copy; never stops them), runtime goroutines excluded} */
    public static List<GoroutineRecord> all() {
        return Collections.unmodifiableList(Registry.global().all());
    }

    /** {@return the live runtime goroutines (the JDK's network pollers when they run on gmp4j's scheduler)} */
    public static List<GoroutineRecord> system() {
        return Collections.unmodifiableList(Registry.global().system());
    }

    /**
     * {@return the live goroutine with this id, if any (runtime goroutines excluded)}
     *
     * @param id the goroutine's id
     */
    public static Optional<GoroutineRecord> byId(long id) {
        return Optional.ofNullable(Registry.global().byId(id));
    }

    /** {@return how many goroutines are live (Go's {@code runtime.NumGoroutine})} */
    public static long count() {
        return Registry.global().count();
    }

    /** {@return the goroutine calling this, or empty on a thread that is not one} */
    public static Optional<GoroutineRecord> current() {
        G g = GoRuntime.get().current();
        return Optional.ofNullable(g);
    }

    /**
     * Hands on, on the calling thread, every registered goroutine whose thread the GC has already
     * collected (deterministic right after {@code System.gc()}); returns how many.
     *
     * @return how many leaks it handed on
     */
    public static int sweepCollected() {
        return CollectedGoroutines.sweepRegistry();
    }

    /**
     * Hands on what the GC has already queued, on the calling thread; returns how many.
     *
     * @return how many leaks it handed on
     */
    public static int drainCollected() {
        return CollectedGoroutines.drainNow();
    }

    /**
     * Waits (at most {@code timeoutMillis}) until no proven leak is being handed on by another
     * thread; false on timeout.
     *
     * @param timeoutMillis how long to wait at most, in milliseconds
     * @return true once nothing is being handed on, false on timeout
     */
    public static boolean awaitHandedOn(long timeoutMillis) {
        return CollectedGoroutines.awaitHandedOn(timeoutMillis);
    }

    /**
     * Looks up the {@link LeakSink} now (the runtime otherwise does when it hands on its first
     * leak), so that its choice of wait stacks applies from the next wait; true if there is one.
     *
     * @return whether a sink is on the path
     */
    public static boolean useLeakSink() {
        return LeakSinks.get() != null;
    }

    /** {@return how many proven leaks were found while no {@link LeakSink} was on the path (counted, not reported)} */
    public static long unreportedLeaks() {
        return CollectedGoroutines.unreported();
    }

    /**
     * Whether proven leaks can be detected in this JVM: goroutines start in gmp4j's own thread
     * container (it needs the {@code java.lang} opens) or the JDK does not track every thread.
     *
     * @return whether proven leaks can be detected
     */
    public static boolean provenLeaksDetectable() {
        return GoRuntime.get().provenLeaksDetectable();
    }

    /** {@return why proven leaks cannot be detected, with the option that fixes it; null when they can} */
    public static @Nullable String provenLeaksUndetectableReason() {
        return GoRuntime.get().provenLeaksUndetectableReason();
    }

    /** {@return the calling plain thread's origin tag, or null} */
    public static @Nullable Object origin() {
        return Origin.current();
    }

    /**
     * Sets the calling thread's origin tag (null clears it); returns the previous one.
     *
     * @param tag the new tag, or null
     * @return the previous tag, or null
     */
    public static @Nullable Object setOrigin(@Nullable Object tag) {
        return Origin.set(tag);
    }
}
