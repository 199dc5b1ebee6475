package io.gmp4j.junit;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * After the grace period the extension forces GCs, so a leftover nothing can reach is proven
 * leaked and the test fails at once, labelled proven; a leftover still reachable is labelled not
 * proven after the whole timeout; goroutines that end, within the grace period or after it, pass.
 * Fixtures run through the JUnit Platform test kit (static nested classes, which Surefire does not
 * run by themselves).
 */
class ProvenLeftoversTest {

    /** Runs a fixture class; returns the results and how long the run took. */
    private record Run(EngineExecutionResults results, long millis) {
        /** The failure message of the fixture's one test (it must have failed with an AssertionError). */
        String failure() {
            return failure(AssertionError.class);
        }

        /** The failure message of the fixture's one test (it must have failed with {@code type}). */
        String failure(Class<? extends Throwable> type) {
            List<Event> failed = results.testEvents().failed().list();
            assertThat(failed).as("one failed test").hasSize(1);
            Throwable t = failed.getFirst().getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
            assertThat(t).isInstanceOf(type);
            return String.valueOf(t.getMessage());
        }
    }

    private static Run run(Class<?> fixture, Map<String, String> parameters) {
        long t0 = System.nanoTime();
        EngineExecutionResults r = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters)
                .selectors(selectClass(fixture)).execute();
        return new Run(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static Run run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    private static final List<String> LABELS = List.of(GoroutineLeakExtension.PROVEN, GoroutineLeakExtension.NOT_PROVEN_REACHABLE,
            GoroutineLeakExtension.NOT_PROVEN_RUNNING, GoroutineLeakExtension.NOT_PROVEN_DETECTION_OFF);

    /** The message's blocks by the label that opens each, every block as its text (label line included). */
    private static Map<Integer, String> blocks(String message) {
        TreeMap<Integer, String> starts = new TreeMap<>();
        for (String label : LABELS) {
            for (int i = message.indexOf(label); i >= 0; i = message.indexOf(label, i + 1)) {
                starts.put(i, label);
            }
        }
        Map<Integer, String> out = new TreeMap<>();
        List<Integer> at = new ArrayList<>(starts.keySet());
        for (int k = 0; k < at.size(); k++) {
            out.put(at.get(k), message.substring(at.get(k), k + 1 < at.size() ? at.get(k + 1) : message.length()));
        }
        return out;
    }

    /** The one block naming {@code name}. */
    private static String blockNaming(String message, String name) {
        List<String> naming = blocks(message).values().stream().filter(b -> b.contains(name)).toList();
        assertThat(naming).as("blocks naming %s in:%n%s", name, message).hasSize(1);
        return naming.getFirst();
    }

    private static void awaitBlocked(Goroutine g) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.state() != GoroutineState.WAITING) {
            assertThat(System.nanoTime()).as("%s blocks", g.name()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** A sender on a channel that only the sender itself can reach once this returns. */
    private static void leakUnreachable(String name) {
        Chan<Integer> nobodyReads = Chan.make();
        awaitBlocked(Go.go(name, () -> nobodyReads.send(1)));
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures

    @CheckGoroutineLeaks(timeoutMillis = 30_000)
    static class UnreachableLeftover {
        @Test
        void leaks() {
            leakUnreachable("unreachable-leftover");
        }
    }

    static final Chan<Integer> HELD = Chan.make();

    @CheckGoroutineLeaks(timeoutMillis = 600, graceMillis = 50)
    static class ReachableLeftover {
        @Test
        void leaves() {
            awaitBlocked(Go.go("held-leftover", () -> HELD.send(2)));
        }
    }

    @CheckGoroutineLeaks(timeoutMillis = 600)
    static class OneOfEach {
        @Test
        void leavesBoth() {
            leakUnreachable("mixed-unreachable");
            awaitBlocked(Go.go("mixed-held", () -> HELD.send(3)));
        }
    }

    @CheckGoroutineLeaks(timeoutMillis = 30_000, graceMillis = 5_000)
    static class EndsWithinTheGrace {
        @Test
        void sleepsBriefly() {
            Go.go(() -> Time.sleep(Duration.ofMillis(20)));
        }
    }

    /** Asleep on an armed timer when the GC is forced: not provable, and it ends in time. */
    @CheckGoroutineLeaks(timeoutMillis = 30_000, graceMillis = 20)
    static class OutlivesTheGrace {
        @Test
        void sleepsPastTheGrace() {
            Go.go("sleeper", () -> Time.sleep(Duration.ofMillis(500)));
        }
    }

    @CheckGoroutineLeaks(timeoutMillis = 600)
    static class GraceFromTheParameter {
        static final Chan<Integer> held = Chan.make();

        @Test
        void leaves() {
            Chan<Integer> ch = held;
            awaitBlocked(Go.go(() -> ch.send(4)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tests

    @Test
    void anUnreachableLeftoverIsNamedProvenAndFailsTheTestFarBeforeTheTimeout() {
        Run r = run(UnreachableLeftover.class);
        String m = r.failure();
        assertThat(m).startsWith("1 goroutine started by this test is a proven leak: the GC collected it blocked where nothing can wake it, ");
        String block = blockNaming(m, "unreachable-leftover");
        assertThat(block).startsWith(GoroutineLeakExtension.PROVEN).contains("chan send (leaked)")
                .as("the stack a snapshot saw before the forced GC").contains("stack when it blocked:", "io.gmp4j.Chan.send(");
        assertThat(m).doesNotContain("not proven").doesNotContain("proven-leak detection is off");
        assertThat(r.millis()).as("ms to fail, with a 30 s timeout: ended once proven").isLessThan(10_000);
    }

    @Test
    void aLeftoverOnAChannelStillHeldIsNotProvenAndWaitsTheTimeout() {
        Run r = run(ReachableLeftover.class);
        String m = r.failure();
        assertThat(m).startsWith("1 goroutine started by this test was still alive 600 ms after it ended:\n\n");
        assertThat(blockNaming(m, "held-leftover")).startsWith(GoroutineLeakExtension.NOT_PROVEN_REACHABLE)
                .contains("[chan send]").contains("ProvenLeftoversTest$ReachableLeftover.lambda$leaves");
        assertThat(m).doesNotContain(GoroutineLeakExtension.PROVEN);
        assertThat(r.millis()).as("ms: a leftover that may yet end is waited for").isGreaterThanOrEqualTo(600);
        assertThat(HELD.recv()).isEqualTo(2);
    }

    @Test
    void eachLeftoverIsLabelledByWhatTheGcFound() {
        Run r = run(OneOfEach.class);
        String m = r.failure();
        assertThat(m).startsWith("2 goroutines started by this test were still alive 600 ms after it ended (1 proven leaked, 1 not proven):");
        assertThat(blockNaming(m, "mixed-unreachable")).startsWith(GoroutineLeakExtension.PROVEN);
        assertThat(blockNaming(m, "mixed-held")).startsWith(GoroutineLeakExtension.NOT_PROVEN_REACHABLE);
        assertThat(HELD.recv()).isEqualTo(3);
    }

    @Test
    void aGoroutineThatEndsWithinTheGracePeriodPasses() {
        Run r = run(EndsWithinTheGrace.class);
        r.results().testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(r.millis()).as("ms: the wait ends when the goroutine does").isLessThan(5_000);
    }

    @Test
    void aGoroutineAsleepWhenTheGcIsForcedIsNotProvenAndPassesWhenItEnds() {
        Run r = run(OutlivesTheGrace.class);
        r.results().testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        assertThat(r.millis()).as("ms").isLessThan(10_000);
    }

    @Test
    void theGracePeriodComesFromTheConfigurationParameterWhenNotGiven() {
        String m = run(GraceFromTheParameter.class, Map.of("gmp4j.leaks.graceMillis", "soon")).failure(IllegalArgumentException.class);
        assertThat(m).isEqualTo("gmp4j.leaks.graceMillis must be a whole number of milliseconds >= 0, got 'soon'");
        assertThat(GraceFromTheParameter.held.recv()).isEqualTo(4);

        Run r = run(GraceFromTheParameter.class, Map.of("gmp4j.leaks.graceMillis", "0"));
        assertThat(blockNaming(r.failure(), "ProvenLeftoversTest$GraceFromTheParameter.lambda$leaves"))
                .startsWith(GoroutineLeakExtension.NOT_PROVEN_REACHABLE);
        assertThat(GraceFromTheParameter.held.recv()).isEqualTo(4);
    }
}
