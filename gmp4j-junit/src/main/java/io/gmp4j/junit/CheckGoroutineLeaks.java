package io.gmp4j.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test that leaves goroutines behind. After each test (on a class: each of its tests)
 * it waits up to {@link #timeoutMillis()} for the goroutines the test started to end, then fails
 * the test listing the leftovers with their stacks, in Go's debug=2 format, each labelled
 * <em>proven</em> (the GC collected it blocked where nothing can wake it: it can never end) or not
 * proven (still running, or blocked on something still reachable: a suspected leak).
 *
 * <p>Goroutines still alive after a short grace period ({@link #graceMillis()}, 100 ms by default)
 * make it force a GC, and again, less and less often, while some are left: a leftover blocked on a
 * channel, select, WaitGroup or lock nothing else can reach is then proven leaked, and the wait
 * ends as soon as every leftover has ended or is proven, not at the timeout. Without the JVM option
 * gmp4j needs ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, {@code =io.gmp4j.core} on the
 * module path) no leak can be proven: the check then waits the whole timeout, and its failure
 * message says that proven-leak detection is off, why, and which option turns it on.
 *
 * <pre>{@code
 * @CheckGoroutineLeaks
 * class WorkerPoolTest {
 *     @Test void drains() { ... }
 *
 *     @Test
 *     @CheckGoroutineLeaks(ignoreTopFrames = "com.example.Metrics.flushLoop")
 *     void withMetrics() { ... }
 * }
 * }</pre>
 *
 * <p>"The goroutines the test started" are found through their parent chain: every goroutine
 * started by the test's thread, and every goroutine those start, remember the test, so tests
 * running in parallel never see each other's goroutines. Goroutines started from other plain
 * threads (an executor the test uses) are not attributed to it; {@link Scope#ALL} checks every
 * goroutine instead, as uber-go/goleak does, and is only meaningful when tests run one at a time.
 * A method's annotation replaces its class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroutineLeakExtension.class)
public @interface CheckGoroutineLeaks {
    /** Which goroutines a test answers for. */
    enum Scope {
        /** Goroutines started by the test's thread and their descendants (the default; safe in parallel). */
        STARTED_BY_TEST,
        /** Every goroutine alive after the test (see {@link #ignorePreexisting()}); for sequential tests only. */
        ALL
    }

    /**
     * How long to wait for the test's goroutines to end, in milliseconds; -1 means the
     * configuration parameter {@code gmp4j.leaks.timeoutMillis} (e.g. in
     * {@code junit-platform.properties}), else 2000.
     *
     * @return the timeout in milliseconds, or -1
     */
    long timeoutMillis() default -1;

    /**
     * How long to wait for the test's goroutines to end before forcing a GC that proves leftovers
     * leaked, in milliseconds (at most {@link #timeoutMillis()}); -1 means the configuration
     * parameter {@code gmp4j.leaks.graceMillis}, else 100.
     *
     * @return the grace period in milliseconds, or -1
     */
    long graceMillis() default -1;

    /**
     * Goroutines whose innermost frame (after gmp4j's machinery) is one of these functions are not
     * leaks: {@code com.example.Poller.run}, or a prefix ending in {@code *}
     * ({@code com.example.metrics.*}).
     *
     * @return the functions
     */
    String[] ignoreTopFrames() default {};

    /**
     * Goroutines started from one of these functions (same syntax) are not leaks.
     *
     * @return the functions
     */
    String[] ignoreCreatorFrames() default {};

    /**
     * In {@link Scope#ALL}: goroutines that were alive before the test began are not leaks.
     *
     * @return whether they are ignored
     */
    boolean ignorePreexisting() default true;

    /** {@return which goroutines the test answers for} */
    Scope scope() default Scope.STARTED_BY_TEST;
}
