package io.gmp4j.spi;

import io.gmp4j.Goroutine;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one goroutine's record, for gmp4j's own tools: the public
 * {@link Goroutine} accessors plus what dumps, the leak detector and the JUnit check need.
 * Every method reads racily and never blocks (except the inherited joins).
 */
public interface GoroutineRecord extends Goroutine {
    /**
     * Which gmp4j wait the goroutine is in, or -1 when it is not in one. Two equal readings around
     * a look at the goroutine mean it stayed in that one wait meanwhile (every new wait counts one
     * up): snapshots use it to reuse a stack they captured.
     *
     * @return the wait's number, or -1
     */
    long waitEpoch();

    /** {@return Go's wait reason of the gmp4j wait it is in (or was in when it was collected), or null} */
    @Nullable String gmp4jWaitReason();

    /** {@return what that gmp4j wait waits on, or null (no target, or not in a gmp4j wait)} */
    @Nullable WaitDescription waitDescription();

    /** {@return when that gmp4j wait began ({@link System#nanoTime()}), or 0 when not in one} */
    long waitSinceNanos();

    /** {@return when the goroutine last unmounted from a carrier ({@link System#nanoTime()}), or 0} */
    long lastUnmountNanos();

    /** {@return where it blocked in its current gmp4j wait, when the {@link LeakSink} asked for that stack; else null} */
    @Nullable Throwable waitStack();

    /** {@return its stack now (a parked goroutine's without mounting it), or an empty array once its thread is gone} */
    StackTraceElement[] stackNow();

    /**
     * Its creation site's frames as one shared object: equal sites of caller mode are the same
     * object (one per lambda class), so it serves as an identity key without allocating.
     *
     * @return the key
     */
    Object creationSiteKey();

    /** {@return the origin tag it inherited (see {@link Goroutines#setOrigin}), or null} */
    @Nullable Object origin();

    /** {@return the context it was started with ({@code Go.go(ctx, body)}), if still reachable; else null} */
    @Nullable Object boundContext();

    /**
     * {@return the description of the context it was started with ({@code Go.go(ctx, body)}):
     * kept after the context itself is gone (a proven leak's report); null when it was started without one}
     */
    @Nullable ContextDescription contextDescription();

    /** {@return true once it has ended} */
    boolean isDead();

    /** {@return true once the GC collected its thread while it was blocked: a proven leak} */
    boolean isCollected();

    /** {@return true for a virtual thread the JDK started on gmp4j's scheduler from inside a goroutine} */
    boolean isAdopted();

    /** {@return true for a runtime goroutine (the JDK's network pollers): kept out of counts, dumps and leak reports} */
    boolean isSystem();
}
