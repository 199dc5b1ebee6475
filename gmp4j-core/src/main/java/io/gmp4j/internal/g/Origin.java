package io.gmp4j.internal.g;

import io.gmp4j.spi.Goroutines;
import org.jspecify.annotations.Nullable;

/**
 * A tag a plain thread gives the goroutines it starts, inherited by all their descendants
 * through the parent chain ({@link G#origin()}). The JUnit extension sets one per test, so it can
 * tell which goroutines a test started even when tests run in parallel. A goroutine's own
 * goroutines inherit its tag, whatever thread-local state the thread has. A tag that is a
 * {@link Goroutines.Tracker} hears of every goroutine started under it.
 */
public final class Origin {
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    private Origin() {
    }

    /** {@return the calling plain thread's tag, or null} */
    public static @Nullable Object current() {
        return CURRENT.get();
    }

    /**
     * Sets the calling thread's tag (null clears it); returns the previous one.
     *
     * @param tag the new tag, or null
     * @return the previous tag, or null
     */
    public static @Nullable Object set(@Nullable Object tag) {
        Object previous = CURRENT.get();
        if (tag == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(tag);
        }
        return previous;
    }
}
