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
    private static final VarHandle RUN_CONTINUATION;
    private static final Executor JDK_SCHEDULER;
    private static final String UNAVAILABLE;

    static {
        VarHandle rc = null;
        Executor jdk = null;
        String why = null;
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            rc = l.findVarHandle(vt, "runContinuation", Runnable.class);
            jdk = (Executor) l.findStaticVarHandle(vt, "DEFAULT_SCHEDULER", java.util.concurrent.ForkJoinPool.class).get();
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = e.toString();
        }
        RUN_CONTINUATION = rc;
        JDK_SCHEDULER = jdk;
        UNAVAILABLE = why;
    }

    /** The captured thread of each JDK lambda class seen (one class in practice). */
    private static final ClassValue<Field> CAPTURED_THREAD = new ClassValue<>() {
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

    private Continuations() {
    }

    /** Whether {@code runContinuation} is {@code thread}'s own (plain read of a final field). */
    @SuppressWarnings("ReferenceEquality") // the JDK submits the very object: identity is the question
    static boolean belongsTo(Runnable runContinuation, Thread thread) {
        return thread != null && RUN_CONTINUATION != null && RUN_CONTINUATION.get(thread) == runContinuation;
    }

    /** The virtual thread a {@code runContinuation} task runs, or null when this JDK hides it. */
    static Thread threadOf(Runnable runContinuation) {
        Field f = CAPTURED_THREAD.get(runContinuation.getClass());
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
        return JDK_SCHEDULER;
    }

    static String unavailableReason() {
        return UNAVAILABLE;
    }
}
