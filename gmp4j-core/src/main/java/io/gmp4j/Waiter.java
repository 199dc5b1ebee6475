package io.gmp4j;

import io.gmp4j.internal.park.Parked;
import org.jspecify.annotations.Nullable;

/**
 * A blocked channel operation (Go's {@code sudog}), queued in its channel's send or receive list,
 * and, for a plain send or receive, its own outcome. A select's waiters share the select's
 * {@link Outcome}.
 */
final class Waiter extends Outcome {
    final Outcome outcome;
    final Chan<?> chan;
    /** The case's index in its select, or -1 for a plain send/receive. */
    final int caseIndex;
    /** True for a send, false for a receive. */
    final boolean isSend;
    /** Send: the value to send. Receive: the value received (null when woken by close). */
    @Nullable Object item;
    /** True when close woke it. */
    boolean closed;

    /** A plain send or receive by {@code thread}: the waiter is its own outcome (one allocation). */
    Waiter(Thread thread, Chan<?> chan, boolean isSend, @Nullable Object item) {
        super(thread);
        this.outcome = this;
        this.chan = chan;
        this.caseIndex = -1;
        this.isSend = isSend;
        this.item = item;
    }

    /** One case of a select: every case shares the select's outcome. */
    Waiter(Outcome outcome, Chan<?> chan, int caseIndex, boolean isSend, @Nullable Object item) {
        super(null);
        this.outcome = outcome;
        this.chan = chan;
        this.caseIndex = caseIndex;
        this.isSend = isSend;
        this.item = item;
    }

    @Override
    public Parked claim() {
        return outcome;
    }

    /** A plain operation that timed out or was interrupted: off its channel's list. */
    @Override
    protected void withdrawn() {
        chan.unlink(this);
    }
}
