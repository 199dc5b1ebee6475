package io.gmp4j.probes;

import io.gmp4j.Go;

/**
 * Child-JVM probe: the first {@code Go.go} of a fresh JVM, and nothing else. The body loads
 * {@link BodyRan}, so that a {@code -Xlog:class+load} log shows where the body ran; prints "ran".
 */
public final class FirstGoProbe {
    private FirstGoProbe() {
    }

    public static void main(String[] args) {
        // A lambda, not BodyRan::mark, whose making would load BodyRan; made before the start
        // (the JVM's first lambda is not the start's cost).
        Runnable body = () -> BodyRan.mark();
        Go.go(body).join();
        System.out.println("ran");
    }

    /** Loaded by the goroutine's body: its line in a class-load log marks the body running. */
    public static final class BodyRan {
        private BodyRan() {
        }

        static void mark() {
            // loading this class is the mark
        }
    }
}
