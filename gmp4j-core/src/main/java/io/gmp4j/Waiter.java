package io.gmp4j;

/**
 * A blocked channel operation (Go's {@code sudog}) and, for a plain send or receive, its own
 * outcome. A select shares one {@link Outcome} among the waiters of all its cases.
 */
final class Waiter extends Outcome {
    final Outcome outcome;
    final Chan<?> chan;
    /** The case's index in its select, or -1 for a plain send/receive. */
    final int caseIndex;
    /** True for a send, false for a receive. */
    final boolean isSend;
    /** Send: the value to send. Receive: the value received (null when woken by close). */
    Object item;
    /** True when close woke it. */
    boolean closed;

    // Links in the channel's sendq or recvq; guarded by the channel's lock.
    Waiter prev;
    Waiter next;
    boolean queued;

    /** A plain send or receive by {@code thread}: the waiter is its own outcome (one allocation). */
    Waiter(Thread thread, Chan<?> chan, boolean isSend, Object item) {
        super(thread);
        this.outcome = this;
        this.chan = chan;
        this.caseIndex = -1;
        this.isSend = isSend;
        this.item = item;
    }

    /** One case of a select: every case shares the select's outcome. */
    Waiter(Outcome outcome, Chan<?> chan, int caseIndex, boolean isSend, Object item) {
        super(null);
        this.outcome = outcome;
        this.chan = chan;
        this.caseIndex = caseIndex;
        this.isSend = isSend;
        this.item = item;
    }
}
