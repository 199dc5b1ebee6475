package io.gmp4j.internal.runtime;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Starts goroutine threads in gmp4j's own {@link GoroutineContainer} rather than the JDK's root
 * container (see there for why), through the JDK's package-private {@code Thread.start(ThreadContainer)}.
 *
 * <p>Needs only the {@code --add-opens java.base/java.lang} gmp4j already asks for: with it we
 * export {@code jdk.internal.vm} to gmp4j at run time (as {@code --add-exports} would) before the
 * container class is loaded. Without it, or on a JDK whose internals differ, {@link #available()}
 * is false, threads start in the root container, and {@link #unavailableReason()} says why.
 */
final class ContainerStart {
    private static final @Nullable MethodHandle START;
    private static final @Nullable Object CONTAINER;
    private static final @Nullable String UNAVAILABLE;

    static {
        MethodHandle start = null;
        Object container = null;
        String why = null;
        try {
            Module base = Object.class.getModule();
            Module us = ContainerStart.class.getModule();
            MethodHandle addExports = MethodHandles.privateLookupIn(Module.class, MethodHandles.lookup())
                    .findVirtual(Module.class, "implAddExports", MethodType.methodType(void.class, String.class, Module.class));
            addExports.invoke(base, "jdk.internal.vm", us);
            Class<?> tc = Class.forName("jdk.internal.vm.ThreadContainer");
            start = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVirtual(Thread.class, "start", MethodType.methodType(void.class, tc))
                    .asType(MethodType.methodType(void.class, Thread.class, Object.class));
            container = GoroutineContainer.create();
        } catch (IllegalAccessException | RuntimeException e) {
            why = "java.lang is not opened to gmp4j (" + e.getMessage() + ")";
        } catch (Throwable e) {
            why = "this JDK's thread containers differ from JDK 25's (" + e + ")";
        }
        START = why == null ? start : null;
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
        MethodHandle start = START;
        if (start == null) {
            throw new IllegalStateException("gmp4j's thread container is unavailable: " + UNAVAILABLE);
        }
        try {
            start.invokeExact(t, CONTAINER);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
