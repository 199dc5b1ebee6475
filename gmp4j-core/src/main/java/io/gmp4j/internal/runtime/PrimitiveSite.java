package io.gmp4j.internal.runtime;

import io.gmp4j.CreationSiteMode;
import org.jspecify.annotations.Nullable;

/**
 * Where a context is being made, as {@link GoRuntime#primitiveSite()} finds a primitive's, but
 * without starting the runtime: a program that only makes contexts (no goroutine, no channel yet)
 * must not start the scheduler or print its warnings.
 */
public final class PrimitiveSite {
    private PrimitiveSite() {
    }

    /**
     * {@return the first frame outside gmp4j, in {@code -Dgmp4j.creationSite=stack} mode only (a
     * stack walk, microseconds, is too dear by default); else null}
     */
    public static @Nullable StackTraceElement capture() {
        return CreationSites.MODE == CreationSiteMode.STACK ? CreationSites.callerOutsideGmp4j() : null;
    }
}
