package io.gmp4j.internal.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Access to {@code Thread.currentCarrierThread()}, which the JDK keeps package-private. Inside an
 * {@code Executor.execute} call made by a waking virtual thread, {@code Thread.currentThread()}
 * is that virtual thread; the carrier tells us which M (and so which P) we are on.
 * Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =io.gmp4j.core}).
 */
final class JdkCarrier {
    private JdkCarrier() {
    }

    static MethodHandle currentCarrierHandle() {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            return l.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Only reached when the runtime chose GMP mode without checking access first.
            MethodHandle current;
            try {
                current = MethodHandles.lookup().findStatic(Thread.class, "currentThread", MethodType.methodType(Thread.class));
            } catch (ReflectiveOperationException e2) {
                throw new ExceptionInInitializerError(e2);
            }
            return current;
        }
    }
}
