package io.gmp4j.context;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Select;
import io.gmp4j.internal.runtime.PrimitiveSite;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Factories and cancellation propagation behind {@link Context}'s static methods. */
final class Contexts {
    static final Context BACKGROUND = new EmptyContext(new ContextTrace.Root("Background", "context.Background", null), null);
    static final Context TODO = new EmptyContext(new ContextTrace.Root("TODO", "context.TODO", null), null);

    private Contexts() {
    }

    static CancelableContext withCancel(Context parent) {
        CancelContext c = new CancelContext(Objects.requireNonNull(parent, "parent"), "WithCancel", null, null);
        propagate(parent, c);
        return c;
    }

    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return withDeadline(parent, Objects.requireNonNull(deadline, "deadline"), null);
    }

    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Instant.now().plus(Objects.requireNonNull(timeout, "timeout")), timeout);
    }

    /** A deadline context; {@code timeout} (null for withDeadline) only names it in dumps. */
    private static CancelableContext withDeadline(Context parent, Instant deadline, @Nullable Duration timeout) {
        Objects.requireNonNull(parent, "parent");
        Optional<Instant> current = parent.deadline();
        if (current.isPresent() && current.get().isBefore(deadline)) {
            return withCancel(parent); // the parent ends first anyway
        }
        CancelContext c = new CancelContext(parent, timeout == null ? "WithDeadline" : "WithTimeout", deadline, timeout);
        propagate(parent, c);
        c.armDeadline();
        return c;
    }

    static Context withoutCancel(Context parent) {
        Objects.requireNonNull(parent, "parent");
        return new EmptyContext(new ContextTrace.Detached(ContextTrace.of(parent), PrimitiveSite.capture()), parent);
    }

    static AfterFunc afterFunc(Context ctx, Runnable f) {
        AfterFuncNode node = new AfterFuncNode(Objects.requireNonNull(f, "f"));
        propagate(Objects.requireNonNull(ctx, "ctx"), node);
        return node;
    }

    /**
     * Makes {@code child} end when {@code parent} ends: registers it with the nearest ancestor that
     * can end, ends it at once if that ancestor already has, and registers nothing under contexts
     * that never end. A context of another implementation is watched by a goroutine.
     */
    static void propagate(Context parent, Canceler child) {
        Context p = parent;
        while (true) {
            if (p instanceof ValueContext v) {
                p = v.parent;
            } else if (p instanceof EmptyContext) {
                return; // never ends: keep no reference to the child
            } else if (p instanceof CancelContext pc) {
                if (pc.addChild(child)) {
                    register(child, pc);
                } else {
                    endNow(child, pc);
                }
                return;
            } else {
                watch(p, child);
                return;
            }
        }
    }

    private static void register(Canceler child, CancelContext at) {
        if (child instanceof CancelContext c) {
            c.registeredWith = at;
        } else if (child instanceof AfterFuncNode n) {
            n.registeredWith = at;
        }
    }

    /**
     * Ends {@code child} because {@code parent} has ended, with the parent's error and cause. A
     * context of another implementation that gives no cause gives its error (Go's
     * {@code context.Cause}), and one whose done channel closed before its error was set counts as
     * {@link Context#CANCELED}.
     */
    private static void endNow(Canceler child, Context parent) {
        ContextException err = parent.err();
        if (err == null) {
            err = Context.CANCELED;
        }
        Throwable cause = parent.cause();
        if (cause == null) {
            cause = err;
        }
        CancelContext c = child.parentEnded(err, cause);
        if (c != null) {
            c.end(err, cause);
        }
    }

    /** A parent we cannot register with: a goroutine waits for it, or for the child to end first. */
    private static void watch(Context parent, Canceler child) {
        if (parent.err() != null) {
            endNow(child, parent);
            return;
        }
        Chan<Void> childDone = child instanceof CancelContext c ? (Chan<Void>) c.done()
                : ((AfterFuncNode) child).stopped;
        Go.go(() -> Select.create()
                .recv(parent.done(), x -> endNow(child, parent))
                .recv(childDone, x -> { })
                .select());
    }

    /** An {@link Context#afterFunc} registration. */
    static final class AfterFuncNode implements Canceler, AfterFunc {
        private static final int PENDING = 0;
        private static final int STARTED = 1;
        private static final int STOPPED = 2;
        private final Runnable f;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        final Chan<Void> stopped = Chan.make();
        volatile @Nullable CancelContext registeredWith;

        AfterFuncNode(Runnable f) {
            this.f = f;
        }

        @Override
        public @Nullable CancelContext parentEnded(ContextException err, Throwable cause) {
            if (state.compareAndSet(PENDING, STARTED)) {
                Go.go(f);
            }
            return null;
        }

        @Override
        public boolean stop() {
            if (!state.compareAndSet(PENDING, STOPPED)) {
                return false;
            }
            stopped.close();
            CancelContext at = registeredWith;
            if (at != null) {
                at.removeChild(this);
            }
            return true;
        }
    }
}
