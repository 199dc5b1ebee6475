package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.spi.ContextDescription;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Makes a context's done channel: an unbuffered {@link Chan} whose owner is the context's
 * description, so that the channel's wait target (made the first time a goroutine blocks on it)
 * describes the context: {@code ctx.Done() of context.Background.WithCancel (chan#3)}.
 */
final class DoneChannel {
    /*
     * Implementation notes. The owner is a private field of Chan, written here through a VarHandle
     * from a private lookup in Chan (allowed inside one module), the one place that writes it: the
     * channel needs no API for it and knows nothing of contexts. A plain write, before the channel
     * is handed to anyone: whatever hands it out (done()'s lock, a field, a channel) publishes it
     * with the channel, and Chan reads it only when it makes its wait target.
     *
     * Rejected: a weak map from channels to owners (the way timers find their pins). It put a
     * WeakReference per done channel in front of the GC and a global lock in front of every
     * done(): withCancel, done() and cancel() went from ~0.1 µs to ~1.8 µs (docs/performance.md).
     */
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.privateLookupIn(Chan.class, MethodHandles.lookup()).findVarHandle(Chan.class, "owner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private DoneChannel() {
    }

    /** {@return a new unbuffered channel described by {@code owner} in dumps} */
    static Chan<Void> make(ContextDescription owner) {
        Chan<Void> c = Chan.make();
        OWNER.set(c, owner);
        return c;
    }
}
