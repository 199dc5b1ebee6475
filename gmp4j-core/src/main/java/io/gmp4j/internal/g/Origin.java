package io.gmp4j.internal.g;

/**
 * A tag a plain thread gives the goroutines it starts, inherited by all their descendants
 * through the parent chain ({@link G#origin()}). The JUnit extension sets one per test, so it can
 * tell which goroutines a test started even when tests run in parallel. A goroutine's own
 * goroutines inherit its tag, whatever thread-local state the thread has.
 */
public final class Origin {
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    /** A tag that wants to hear of every goroutine started under it (its own and descendants). */
    public interface Tracker {
        /** Called on the starting thread, after the goroutine is registered and before it runs. */
        void started(G g);
    }

    private Origin() {
    }

    /** The calling plain thread's tag, or null. */
    public static Object current() {
        return CURRENT.get();
    }

    /** Sets the calling thread's tag (null clears it); returns the previous one. */
    public static Object set(Object tag) {
        Object previous = CURRENT.get();
        if (tag == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(tag);
        }
        return previous;
    }
}
