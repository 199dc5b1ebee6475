package io.gmp4j.internal.sched;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The global run queue (Go's {@code sched.runq}): multi-producer, multi-consumer, unbounded, FIFO.
 * Fed by wake-ups from outside our carriers (other threads, the JDK's poller and timer threads)
 * and by local queues that overflow; polled by every P on each 61st tick and whenever its local
 * queue is empty.
 */
final class GlobalRunQueue {
    /*
     * Implementation notes.
     *
     * Go guards its global queue with sched.lock. Here producers include arbitrary platform threads
     * (timer threads, the poller), so we use the JDK's lock-free Michael-Scott queue instead and keep
     * an approximate size beside it. The size is incremented after an offer and decremented after a
     * successful poll, so it can briefly be lower than the true size but is never used for
     * correctness: emptiness checks use the queue itself (isEmpty reads the head node, which is
     * exact at the instant it is read), and the scheduler's lost-wake-up protocol depends only on
     * that (see GmpScheduler's notes). The size only sizes batches and feeds stats.
     */
    private final ConcurrentLinkedQueue<GTask> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void push(GTask t) {
        queue.offer(t);
        size.incrementAndGet();
    }

    void pushAll(Object[] batch, int n) {
        for (int i = 0; i < n; i++) {
            queue.offer((GTask) batch[i]);
            batch[i] = null;
        }
        size.addAndGet(n);
    }

    GTask poll() {
        GTask t = queue.poll();
        if (t != null) {
            size.decrementAndGet();
        }
        return t;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Approximate, never negative. */
    int size() {
        return Math.max(0, size.get());
    }
}
