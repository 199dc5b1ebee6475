package io.gmp4j.peers.coldstart;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;

/**
 * The child of the cold-start harness: one fresh JVM, one first start, one line of output.
 *
 * <pre>
 *   java [JVM options] -cp app.jar:gmp4j-core.jar io.gmp4j.peers.coldstart.FirstStart KIND
 *   → "first KIND NANOS"
 * </pre>
 * KIND is {@code jdk} ({@code Thread.ofVirtual().start(body)}), {@code gmp4j} ({@code Go.go(body)})
 * or {@code gmp4j-named} ({@code Go.go(body)} with a named {@code Runnable} class rather than a
 * lambda, whose creation site is found by a stack walk). NANOS is the time from the start call to
 * the first statement of the body, by {@link System#nanoTime()}.
 *
 * <p>The body is made before the clock starts: a JVM's first lambda costs tens of milliseconds
 * (the lambda machinery's own cold start), which any program that uses a lambda pays once, and
 * which belongs to neither start. Once the body has taken its time it loads {@link BodyRan}, so that
 * a {@code -Xlog:class+load} log shows where the body ran: the classes above that line were loaded
 * before it (the harness counts them). Nothing else runs in this JVM before the start call.
 */
public final class FirstStart {
    /** When the body ran ({@link System#nanoTime()}); written by the body, read after the join. */
    static volatile long bodyRan;

    private FirstStart() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length == 1 ? args[0] : "";
        Runnable body = switch (kind) {
            case "jdk", "gmp4j" -> () -> {
                bodyRan = System.nanoTime();
                BodyRan.mark();
            };
            case "gmp4j-named" -> new NamedBody();
            default -> {
                System.err.println("usage: FirstStart jdk|gmp4j|gmp4j-named");
                System.exit(2);
                throw new AssertionError();
            }
        };
        long start = System.nanoTime();
        if (kind.equals("jdk")) {
            Thread.ofVirtual().start(body).join();
        } else {
            Goroutine g = Go.go(body);
            g.join();
        }
        System.out.println("first " + kind + " " + (bodyRan - start));
    }

    /** A body of a named class: Go.go finds its creation site by walking the stack. */
    private static final class NamedBody implements Runnable {
        @Override
        public void run() {
            bodyRan = System.nanoTime();
            BodyRan.mark();
        }
    }

    /** Loaded by the body, after it took its time: marks the body's place in a class-load log. */
    static final class BodyRan {
        private BodyRan() {
        }

        static void mark() {
            // loading this class is the mark
        }
    }
}
