package io.gmp4j;

/**
 * A FIFO of blocked operations on one channel (Go's {@code waitq}): an intrusive doubly-linked
 * list so that a select can remove its waiters from the middle in O(1). Guarded by the channel's
 * lock; not thread-safe on its own.
 */
final class WaitQueue {
    private Waiter first;
    private Waiter last;

    boolean isEmpty() {
        return first == null;
    }

    /**
     * A racy hint, read without the channel's lock (a plain read: it may be stale, never torn):
     * whether someone may be waiting. Only select's lock-free readiness probe uses it, and it
     * re-checks under the lock before acting.
     */
    boolean mayHaveWaiters() {
        return first != null;
    }

    void add(Waiter w) {
        w.prev = last;
        w.next = null;
        if (last == null) {
            first = w;
        } else {
            last.next = w;
        }
        last = w;
        w.queued = true;
    }

    void remove(Waiter w) {
        if (!w.queued) {
            return;
        }
        if (w.prev == null) {
            first = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            last = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
    }

    /**
     * Removes and returns the first waiter whose outcome we could claim; waiters of selects that
     * already fired elsewhere (or timed out, or were interrupted) are dropped on the way.
     */
    Waiter pollClaimed() {
        Waiter w;
        while ((w = first) != null) {
            remove(w);
            if (w.outcome.tryClaim()) {
                return w;
            }
        }
        return null;
    }
}
