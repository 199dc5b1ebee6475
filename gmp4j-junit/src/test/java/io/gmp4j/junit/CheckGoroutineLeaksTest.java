package io.gmp4j.junit;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * The extension, run through the JUnit Platform test kit on fixture classes (static nested
 * classes, which Surefire does not run by themselves).
 */
class CheckGoroutineLeaksTest {

    private static Events run(Class<?> fixture, boolean parallel) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", String.valueOf(parallel))
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "4")
                .selectors(selectClass(fixture))
                .execute().testEvents();
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures

    /** A goroutine blocked for ever on a channel the test keeps: the check must fail it. */
    static Chan<Integer> forever;

    @CheckGoroutineLeaks(timeoutMillis = 200)
    static class OneLeakyOneClean {
        @Test
        void leaky() {
            Chan<Integer> ch = Chan.make();
            forever = ch; // reachable: a live leftover, not a collected one
            Go.go("stuck-sender", () -> ch.send(42));
        }

        @Test
        void clean() {
            Chan<Integer> ch = Chan.make();
            Go.go(() -> ch.send(7));
            assertThat(ch.recv()).isEqualTo(7);
        }

        @Test
        void endsWithinTheTimeout() {
            Go.go(() -> io.gmp4j.time.Time.sleep(Duration.ofMillis(20)));
        }
    }

    /** Two tests that run at the same time; only one leaks, and its grandchild is the leftover. */
    @CheckGoroutineLeaks(timeoutMillis = 300)
    static class ParallelPair {
        static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);
        static final Chan<Integer> HELD = Chan.make();

        @Test
        void leaksThroughAGrandchild() throws Exception {
            Go.go(() -> Go.go("grandchild", () -> HELD.send(1))).join();
            BOTH_RUNNING.await();
        }

        @Test
        void cleanWhileTheOtherLeaks() throws Exception {
            BOTH_RUNNING.await();
            Chan<Integer> ch = Chan.make();
            Go.go(() -> ch.send(2));
            assertThat(ch.recv()).isEqualTo(2);
        }
    }

    static Chan<Integer> held2;

    static class Ignores {
        static void blockForEver() {
            held2 = Chan.make();
            Chan<Integer> ch = held2;
            ch.send(3);
        }

        @Test
        @CheckGoroutineLeaks(timeoutMillis = 100, ignoreTopFrames = "io.gmp4j.Chan.send")
        void ignoredByTopFrame() {
            Go.go(Ignores::blockForEver);
        }

        @Test
        @CheckGoroutineLeaks(timeoutMillis = 100, ignoreCreatorFrames = "io.gmp4j.junit.CheckGoroutineLeaksTest$Ignores.*")
        void ignoredByCreatorFrame() {
            Go.go(Ignores::blockForEver);
        }

        @Test
        @CheckGoroutineLeaks(timeoutMillis = 100, ignoreTopFrames = "com.example.Other.run")
        void notIgnoredByAnotherFrame() {
            Go.go(Ignores::blockForEver);
        }
    }

    static final Chan<Integer> PREEXISTING = Chan.make();

    /** Scope.ALL: a goroutine from before the test (started in @BeforeAll) counts only if asked. */
    static class Preexisting {
        @BeforeAll
        static void startOne() {
            Go.go("preexisting", () -> PREEXISTING.send(9));
        }

        @Test
        @CheckGoroutineLeaks(timeoutMillis = 100, scope = CheckGoroutineLeaks.Scope.ALL)
        void ignoresThePreexistingOne() {
        }

        @Test
        @CheckGoroutineLeaks(timeoutMillis = 100, scope = CheckGoroutineLeaks.Scope.ALL, ignorePreexisting = false)
        void countsItWhenAsked() {
        }
    }

    /** A goroutine blocked on a channel nobody can reach: the GC proves the leak. */
    @CheckGoroutineLeaks(timeoutMillis = 500)
    static class ProvenLeak {
        static void startUnreachableSender() {
            Chan<Integer> ch = Chan.make();
            Go.go("unreachable-sender", () -> ch.send(1));
        }

        @Test
        void leaksUnreachably() {
            startUnreachableSender();
            // Give the detector its chance within the timeout: collect once the sender is blocked.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (io.gmp4j.diag.LeakDetector.global().provenLeaks().stream()
                    .noneMatch(r -> r.name().equals("unreachable-sender")) && System.nanoTime() < deadline) {
                io.gmp4j.diag.LeakDetector.global().collectNow();
            }
        }
    }

    /**
     * The GC proves the leak while the extension is already waiting for the goroutine (its join
     * then throws "will never end"): it must still be reported as a proven leak, in well under the
     * timeout. A platform thread collects a little after the test has returned.
     */
    @CheckGoroutineLeaks(timeoutMillis = 20_000)
    static class ProvenWhileTheExtensionWaits {
        static volatile long returnedAt;

        @Test
        void leaksThenTheGcRunsLater() {
            Chan<Integer> ch = Chan.make();
            io.gmp4j.Goroutine g = Go.go("proven-while-joined", () -> ch.send(1));
            while (g.state() != io.gmp4j.GoroutineState.WAITING) {
                Thread.onSpinWait();
            }
            Thread.ofPlatform().daemon().start(() -> {
                long until = System.nanoTime() + 10_000_000_000L;
                do {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); // the extension is joining by now
                    io.gmp4j.diag.LeakDetector.global().collectNow();
                } while (io.gmp4j.diag.LeakDetector.global().provenLeaks().stream()
                        .noneMatch(r -> r.name().equals("proven-while-joined")) && System.nanoTime() < until);
            });
            returnedAt = System.nanoTime();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tests

    @Test
    void failsTheLeakyTestWithTheStackAndPassesTheOthers() {
        Events events = run(OneLeakyOneClean.class, false);
        events.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("leaky"),
                finishedWithFailure(message(m -> m.startsWith("1 goroutine started by this test was still alive 200 ms after it ended")
                        && m.contains("[chan send]") && m.contains("io.gmp4j.Chan.send")
                        && m.contains("CheckGoroutineLeaksTest$OneLeakyOneClean.lambda$leaky")))));
        assertThat(forever.recv()).isEqualTo(42); // the leftover was alive: release it
    }

    @Test
    void attributesGoroutinesToTheirTestUnderParallelExecution() {
        Events events = run(ParallelPair.class, true);
        events.assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("leaksThroughAGrandchild"),
                finishedWithFailure(message(m -> m.contains("\"grandchild\"") || m.contains("grandchild")))));
        assertThat(ParallelPair.HELD.recv()).isEqualTo(1);
    }

    @Test
    void ignoresByTopFrameAndByCreatorFrame() {
        Events events = run(Ignores.class, false);
        events.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
        events.assertThatEvents().haveExactly(1, event(test("notIgnoredByAnotherFrame"), finishedWithFailure()));
        for (int i = 0; i < 3; i++) {
            held2.tryRecv(); // best effort: the leftovers block on channels that are dropped anyway
        }
    }

    @Test
    void scopeAllIgnoresGoroutinesFromBeforeTheTestUnlessAsked() {
        Events events = run(Preexisting.class, false);
        events.assertThatEvents().haveExactly(1, event(test("ignoresThePreexistingOne"),
                org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully()));
        events.assertThatEvents().haveExactly(1, event(test("countsItWhenAsked"),
                finishedWithFailure(message(m -> m.contains("preexisting")))));
        assertThat(PREEXISTING.recv()).isEqualTo(9);
    }

    @Test
    void reportsAGoroutineTheGcProvedLeaked() {
        Events events = run(ProvenLeak.class, false);
        events.assertThatEvents().haveExactly(1, event(test("leaksUnreachably"),
                finishedWithFailure(message(m -> m.contains("proven leak") && m.contains("chan send (leaked)")))));
    }

    @Test
    void aLeakProvenWhileTheExtensionWaitsIsReportedAsProvenNotThrown() {
        long t0 = System.nanoTime();
        Events events = run(ProvenWhileTheExtensionWaits.class, false);
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        events.assertThatEvents().haveExactly(1, event(test("leaksThenTheGcRunsLater"),
                finishedWithFailure(
                        org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf(AssertionError.class),
                        message(m -> m.contains("proven leak") && m.contains("proven-while-joined")))));
        assertThat(tookMillis).as("ms: ended when proven, not at the 20 s timeout").isLessThan(15_000);
    }

    @Test
    void aMethodCanBeSelectedAlone() {
        Events events = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(OneLeakyOneClean.class, "clean"))
                .execute().testEvents();
        events.assertStatistics(s -> s.started(1).succeeded(1));
    }

    @CheckGoroutineLeaks
    static class DefaultTimeout {
        static Chan<Integer> held;

        @Test
        void leaky() {
            held = Chan.make();
            Chan<Integer> ch = held;
            Go.go(() -> ch.send(5));
        }
    }

    /** Runs DefaultTimeout's leaky test with the timeout parameter set, checks its failure message, releases the leftover. */
    private static void leakyWithTimeoutParameter(String value, java.util.function.Predicate<String> failure) {
        Events events = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("gmp4j.leaks.timeoutMillis", value)
                .selectors(selectClass(DefaultTimeout.class))
                .execute().testEvents();
        events.assertThatEvents().haveExactly(1, event(test("leaky"), finishedWithFailure(message(failure))));
        assertThat(DefaultTimeout.held.recv()).isEqualTo(5);
    }

    @Test
    void theTimeoutComesFromTheConfigurationParameterWhenNotGiven() {
        leakyWithTimeoutParameter("150", m -> m.contains("still alive 150 ms after it ended"));
        leakyWithTimeoutParameter("soon",
                m -> m.equals("gmp4j.leaks.timeoutMillis must be a whole number of milliseconds >= 0, got 'soon'"));
    }

    @Test
    void framePatterns() {
        assertThat(GoroutineLeakExtension.matches(new String[]{"a.B.c"}, "a.B.c")).isTrue();
        assertThat(GoroutineLeakExtension.matches(new String[]{"a.B.c"}, "a.B.cd")).isFalse();
        assertThat(GoroutineLeakExtension.matches(new String[]{"a.B.*"}, "a.B.cd")).isTrue();
        assertThat(GoroutineLeakExtension.matches(new String[]{"a.B.*"}, "a.C.d")).isFalse();
    }
}
