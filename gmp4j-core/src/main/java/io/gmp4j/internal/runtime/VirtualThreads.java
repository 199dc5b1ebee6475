package io.gmp4j.internal.runtime;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * Reflective access to the JDK's virtual-thread internals that the GMP scheduler needs: the
 * {@code VirtualThread(Executor, String, int, Runnable)} constructor, through the JDK's own
 * factory for it (the JDK's own tests create virtual threads with a custom scheduler the same
 * way) and its {@code carrierThread} field
 * (mounted or not). Both need {@code --add-opens java.base/java.lang=ALL-UNNAMED}; when that is
 * missing {@link #available()} is false and {@link #unavailableReason()} says why.
 */
final class VirtualThreads {
    /*
     * Implementation notes (cold start). NEW_THREAD is ThreadBuilders.newVirtualThread(Executor,
     * String, int, Runnable), which is new VirtualThread(...) on every JDK with continuations (the
     * only ones GMP mode runs on), rather than the constructor's handle: a constructor's handle
     * needs a lambda form of its own (newInvokeSpecial) that neither the JDK's CDS archive nor an
     * AOT cache keeps, so every JVM spun one on the first goroutine's path; the static method is
     * typed exactly as it is invoked and its forms are kept by an AOT cache (docs/performance.md,
     * "Cold start").
     */
    private static final @Nullable MethodHandle NEW_THREAD;
    private static final @Nullable VarHandle CARRIER;
    private static final @Nullable String UNAVAILABLE;

    static {
        MethodHandle ctor = null;
        VarHandle carrier = null;
        String why = null;
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(vt, MethodHandles.lookup());
            // The JDK's own factory, ThreadBuilders.newVirtualThread, not the constructor (see the notes).
            Class<?> builders = Class.forName("java.lang.ThreadBuilders");
            ctor = MethodHandles.privateLookupIn(builders, MethodHandles.lookup()).findStatic(builders, "newVirtualThread",
                    MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
            carrier = l.findVarHandle(vt, "carrierThread", Thread.class);
            // Also required by the scheduler: Thread.currentCarrierThread().
            MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (IllegalAccessException | RuntimeException e) {
            why = "java.lang is not opened to gmp4j (" + e.getMessage() + ")";
        } catch (ReflectiveOperationException e) {
            why = "this JDK's virtual threads differ from JDK 25's (" + e + ")";
        }
        NEW_THREAD = why == null ? ctor : null;
        CARRIER = why == null ? carrier : null;
        UNAVAILABLE = why;
    }

    private VirtualThreads() {
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    static @Nullable String unavailableReason() {
        return UNAVAILABLE;
    }

    /** An unstarted virtual thread whose scheduler is {@code scheduler}. */
    static Thread newThread(Executor scheduler, String name, Runnable task) {
        MethodHandle newThread = NEW_THREAD;
        if (newThread == null) {
            throw new IllegalStateException("gmp4j cannot make virtual threads: " + UNAVAILABLE);
        }
        try {
            return (Thread) newThread.invokeExact(scheduler, name, 0, task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a thread is mounted on a carrier now (racy). Platform threads always are. */
    static boolean mounted(Thread t) {
        if (!t.isVirtual()) {
            return true;
        }
        if (CARRIER != null) {
            return CARRIER.getOpaque(t) != null;
        }
        // Without the opens: VirtualThread.toString() is "VirtualThread[#id,name]/state" and ends
        // with "@<carrier name>" while mounted; look after the name, which may itself hold '@'.
        String s = t.toString();
        int slash = s.lastIndexOf("]/");
        return slash >= 0 && s.indexOf('@', slash) >= 0;
    }
}
