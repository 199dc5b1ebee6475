package io.gmp4j.context;

import org.jspecify.annotations.Nullable;

/** Something a cancellable context cancels when it ends: a child context or an afterFunc. */
interface Canceler {
    /**
     * The parent ended: end too, with the parent's error and cause. Must not call back into the
     * parent. A child context returns itself so that the caller cancels its own children
     * iteratively (a deep tree must not overflow the stack); others return null.
     */
    @Nullable CancelContext parentEnded(ContextException err, Throwable cause);
}
