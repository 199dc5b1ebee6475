package io.gmp4j.internal.runtime;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Starts goroutine threads in gmp4j's own {@link GoroutineContainer} rather than the JDK's root
 * container (see there for why), through the JDK's internal {@code Thread.start(ThreadContainer)}
 * (as structured concurrency does).
 *
 * <p>Needs only the {@code --add-opens java.base/java.lang} gmp4j already asks for: with it we
 * export {@code jdk.internal.vm} (the container's superclass) and {@code jdk.internal.access}
 * (the JDK's access to that start) to gmp4j at run time, as {@code --add-exports} would, before the
 * container class is loaded. Without it, or on a JDK whose internals differ, {@link #available()}
 * is false, threads start in the root container, and {@link #unavailableReason()} says why.
 */
final class ContainerStart {
    /*
     * Implementation notes (cold start). The one method handle, Module.implAddExports, is
     * invoked exactly as looked up (invokeExact, the call site's types equal to the handle's), so
     * no adapter is spun for it; the start itself is a plain call (GoroutineContainer.start)
     * rather than a method handle, which would cost the first goroutine an invoker spun at its
     * first call, one that the JDK's AOT cache does not keep either (docs/performance.md,
     * "Cold start").
     */
    private static final @Nullable GoroutineContainer CONTAINER;
    private static final @Nullable String UNAVAILABLE;

    static {
        GoroutineContainer container = null;
        String why = null;
        try {
            Module base = Object.class.getModule();
            Module us = ContainerStart.class.getModule();
            MethodHandle addExports = MethodHandles.privateLookupIn(Module.class, MethodHandles.lookup())
                    .findVirtual(Module.class, "implAddExports", MethodType.methodType(void.class, String.class, Module.class));
            addExports.invokeExact(base, "jdk.internal.vm", us);
            addExports.invokeExact(base, "jdk.internal.access", us);
            container = GoroutineContainer.create();
        } catch (IllegalAccessException | RuntimeException e) {
            why = "java.lang is not opened to gmp4j (" + e.getMessage() + ")";
        } catch (Throwable e) {
            why = "this JDK's thread containers differ from JDK 25's (" + e + ")";
        }
        CONTAINER = why == null ? container : null;
        UNAVAILABLE = why;
    }

    private ContainerStart() {
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    static @Nullable String unavailableReason() {
        return UNAVAILABLE;
    }

    /** Starts {@code t} in gmp4j's container; only when {@link #available()}. */
    static void start(Thread t) {
        GoroutineContainer container = CONTAINER;
        if (container == null) {
            throw new IllegalStateException("gmp4j's thread container is unavailable: " + UNAVAILABLE);
        }
        container.start(t);
    }
}
