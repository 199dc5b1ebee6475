package io.gmp4j.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * Tells which virtual thread a {@code runContinuation} task handed to a scheduler belongs to.
 *
 * <p>The JDK submits each virtual thread as the same {@code Runnable} every time, the method
 * reference {@code this::runContinuation} it made in the thread's constructor (a field of
 * {@code java.lang.VirtualThread}). A goroutine's task is the scheduler of its own thread, but the
 * JDK gives that scheduler to every virtual thread created inside the goroutine as well, so the
 * task must tell its own thread's submissions from theirs ({@link #belongsTo}), and find the
 * thread of a foreign one ({@link #threadOf}: the method reference captures its thread, the only
 * field of the JDK's lambda class). Needs the {@code java.lang} opens GMP mode needs anyway; when
 * a JDK's internals differ, {@link #threadOf} returns null and foreign threads are routed to the
 * JDK's own scheduler instead of becoming goroutines.
 */
final class Continuations {
    /*
     * Implementation notes (cold start). Only RUN_CONTINUATION is needed before the first
     * goroutine runs (every execute asks belongsTo); what serves foreign threads alone, the JDK's
     * scheduler and the captured-thread look-up, is set up when the first one is submitted
     * (holder classes), not on the first goroutine's path (GoRuntime's cold-start notes).
     */
    private static final VarHandle RUN_CONTINUATION;
    private static final String UNAVAILABLE;

    static {
        VarHandle rc = null;
        String why = null;
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            rc = l.findVarHandle(vt, "runContinuation", Runnable.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = e.toString();
        }
        RUN_CONTINUATION = rc;
        UNAVAILABLE = why;
    }

    /** The JDK's default virtual-thread scheduler, looked up when first needed. */
    private static final class JdkScheduler {
        static final Executor INSTANCE;
        static final String UNAVAILABLE;

        static {
            Executor jdk = null;
            String why = Continuations.UNAVAILABLE;
            if (why == null) {
                try {
                    Class<?> vt = Class.forName("java.lang.VirtualThread");
                    MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
                    jdk = (Executor) l.findStaticVarHandle(vt, "DEFAULT_SCHEDULER", java.util.concurrent.ForkJoinPool.class).get();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    why = e.toString();
                }
            }
            INSTANCE = jdk;
            UNAVAILABLE = why;
        }
    }

    /** The captured thread of each JDK lambda class seen (one class in practice), made when first needed. */
    private static final class CapturedThread {
        static final ClassValue<Field> FIELD = new ClassValue<>() {
            @Override
            protected Field computeValue(Class<?> type) {
                Field found = null;
                for (Field f : type.getDeclaredFields()) {
                    if (Thread.class.isAssignableFrom(f.getType())) {
                        if (found != null) {
                            return null; // not the shape we know
                        }
                        found = f;
                    }
                }
                try {
                    if (found != null) {
                        found.setAccessible(true);
                    }
                    return found;
                } catch (RuntimeException e) {
                    return null;
                }
            }
        };
    }

    private Continuations() {
    }

    /** Whether {@code runContinuation} is {@code thread}'s own (plain read of a final field). */
    @SuppressWarnings("ReferenceEquality") // the JDK submits the very object: identity is the question
    static boolean belongsTo(Runnable runContinuation, Thread thread) {
        return thread != null && RUN_CONTINUATION != null && RUN_CONTINUATION.get(thread) == runContinuation;
    }

    /** The virtual thread a {@code runContinuation} task runs, or null when this JDK hides it. */
    static Thread threadOf(Runnable runContinuation) {
        Field f = CapturedThread.FIELD.get(runContinuation.getClass());
        if (f == null) {
            return null;
        }
        try {
            Thread t = (Thread) f.get(runContinuation);
            return belongsTo(runContinuation, t) ? t : null;
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    /** The JDK's default virtual-thread scheduler (a ForkJoinPool), or null when unreachable. */
    static Executor jdkScheduler() {
        return JdkScheduler.INSTANCE;
    }

    /** Why {@link #jdkScheduler()} is null. */
    static String unavailableReason() {
        return JdkScheduler.UNAVAILABLE;
    }
}
