package io.gmp4j.diag.leaks;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.LeakReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every leaking scenario of the corpus is reported as a proven leak within two GC cycles, with the
 * right count, wait reason and labels; no twin is ever reported; and goroutines blocked on
 * primitives that are still reachable are never reported.
 */
class LeakCorpusTest {
    private static final LeakDetector DETECTOR = LeakDetector.global();
    private static final ConcurrentLinkedQueue<LeakReport> SEEN = new ConcurrentLinkedQueue<>();
    private static final java.util.function.Consumer<LeakReport> LISTENER = SEEN::add;

    @BeforeAll
    static void listen() {
        DETECTOR.addListener(LISTENER);
        DETECTOR.logReports(false);
    }

    @AfterAll
    static void stopListening() {
        DETECTOR.removeListener(LISTENER);
        DETECTOR.logReports(true);
    }

    /** Runs a scenario from a root goroutine labelled with its name and variant; returns every goroutine it started. */
    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private static List<Goroutine> runLabelled(LeakCorpus s, boolean leak) {
        String variant = (leak ? "leak" : "twin") + "-" + RUNS.incrementAndGet();
        Goroutine root = Go.go(s.name(), Map.of("scenario", s.name(), "variant", variant), () -> s.run(leak));
        root.join();
        return Go.all().stream()
                .filter(g -> s.name().equals(g.labels().get("scenario")) && variant.equals(g.labels().get("variant")))
                .toList();
    }

    private static List<LeakReport> reportsFor(LeakCorpus s, List<Goroutine> run) {
        String variant = run.isEmpty() ? "none" : run.getFirst().labels().get("variant");
        return SEEN.stream()
                .filter(r -> s.name().equals(r.labels().get("scenario")) && variant.equals(r.labels().get("variant")))
                .toList();
    }

    /** Waits (bounded) until every given goroutine is dead or blocked: a blocked one can only be collected once parked. */
    private static void awaitSettled(List<Goroutine> gs) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gs.stream().anyMatch(g -> g.state() == GoroutineState.RUNNABLE || g.state() == GoroutineState.RUNNING)) {
            assertThat(System.nanoTime()).as("goroutines settle").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(value = LeakCorpus.class, mode = EnumSource.Mode.EXCLUDE, names = "TICKER_NEVER_STOPPED")
    void theLeakIsProvenWithinTwoGcCyclesAndItsTwinNeverIs(LeakCorpus s) {
        List<Goroutine> twin = runLabelled(s, false);
        for (Goroutine g : twin) {
            assertThat(g.join(java.time.Duration.ofSeconds(10))).as("twin goroutine %s ends", g).isTrue();
        }
        List<Goroutine> leaking = runLabelled(s, true);
        assertThat(leaking).as("the leaking variant left goroutines").hasSizeGreaterThanOrEqualTo(s.leaked);

        List<LeakReport> found = new ArrayList<>();
        for (int cycle = 0; cycle < 2 && found.size() < s.leaked; cycle++) {
            awaitSettled(leaking);
            DETECTOR.collectNow();
            found = reportsFor(s, leaking);
        }
        assertThat(found).as("proven leaks of %s", s).hasSize(s.leaked);
        assertThat(found).allSatisfy(r -> {
            assertThat(r.waitReason()).isNotBlank();
            assertThat(r.waitedOn()).isNotBlank();
            assertThat(r.waitingSince()).isPresent();
            assertThat(r.toString()).contains("goroutine " + r.goroutineId(), "(leaked)", "\"scenario\":\"" + s.name() + "\"");
        });
        assertThat(found).extracting(LeakReport::goroutineId)
                .allSatisfy(id -> assertThat(Go.byId(id)).as("a proven leak is unregistered").isEmpty());
        assertThat(reportsFor(s, twin)).as("twin of %s reported", s).isEmpty();
    }

    @Test
    void aTickerNeverStoppedIsNotProvenButSuspectedByAge() {
        LeakCorpus s = LeakCorpus.TICKER_NEVER_STOPPED;
        List<Goroutine> twin = runLabelled(s, false);
        twin.forEach(g -> assertThat(g.join(java.time.Duration.ofSeconds(10))).isTrue());
        List<Goroutine> leaking = runLabelled(s, true);
        assertThat(leaking).hasSize(1);
        Goroutine ticking = leaking.getFirst();
        awaitSettled(leaking);
        DETECTOR.collectNow();
        DETECTOR.collectNow();
        assertThat(reportsFor(s, leaking)).as("the armed ticker keeps it reachable").isEmpty();
        assertThat(ticking.state()).isEqualTo(GoroutineState.WAITING);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ticking.waitingSince().orElseThrow().isAfter(java.time.Instant.now().minusMillis(100))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(DETECTOR.suspectedLeaks(java.time.Duration.ofMillis(100)))
                .anySatisfy(g -> {
                    assertThat(g.goroutineIds()).contains(ticking.id());
                    assertThat(g.waitReason()).isEqualTo("select");
                    assertThat(g.creationSite()).contains("LeakCorpus");
                });
    }

    @Test
    void reasonsAndTargetsAreGosWords() {
        List<Goroutine> send;
        List<Goroutine> wait;
        List<Goroutine> sem;
        DETECTOR.captureStacks(true);
        try {
            send = runLabelled(LeakCorpus.SENDER_WITHOUT_RECEIVER, true);
            wait = runLabelled(LeakCorpus.WAITGROUP_NEVER_DONE, true);
            sem = runLabelled(LeakCorpus.SEMAPHORE_NEVER_RELEASED, true);
        } finally {
            DETECTOR.captureStacks(false);
        }
        for (int cycle = 0; cycle < 2; cycle++) {
            awaitSettled(send);
            awaitSettled(wait);
            awaitSettled(sem);
            DETECTOR.collectNow();
        }
        checkSend(reportsFor(LeakCorpus.SENDER_WITHOUT_RECEIVER, send).getLast());
        checkWaitGroup(reportsFor(LeakCorpus.WAITGROUP_NEVER_DONE, wait).getLast());
        checkSemaphore(reportsFor(LeakCorpus.SEMAPHORE_NEVER_RELEASED, sem).getLast());
    }

    private static void checkSend(LeakReport send) {
        assertThat(send.waitReason()).isEqualTo("chan send");
        assertThat(send.waitedOn()).matches("chan#\\d+ \\(cap 0\\)");
        assertThat(send.stack()).isNotEmpty();
        assertThat(send.stack().getFirst().function()).isEqualTo("io.gmp4j.Chan.send");
        assertThat(send.stack().get(1).function()).contains("LeakCorpus");
        assertThat(send.creationSite().caller().getClassName()).contains("LeakCorpus");

    }

    private static void checkWaitGroup(LeakReport wait) {
        assertThat(wait.waitReason()).isEqualTo("sync.WaitGroup.Wait");
        assertThat(wait.waitedOn()).startsWith("sync.WaitGroup@");
        assertThat(wait.stack().getFirst().function()).isEqualTo("io.gmp4j.sync.WaitGroup.await");

    }

    private static void checkSemaphore(LeakReport sem) {
        assertThat(sem.waitReason()).isEqualTo("semacquire");
        assertThat(sem.waitedOn()).startsWith("sync.Semaphore@").contains("size 1");
    }

    @Test
    void goroutinesBlockedOnReachablePrimitivesAreNeverReported() {
        Chan<Integer> held = Chan.make();
        List<Goroutine> blocked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            blocked.add(Go.go("reachable", Map.of("scenario", "reachable"), () -> held.send(1)));
        }
        awaitSettled(blocked);
        DETECTOR.collectNow();
        DETECTOR.collectNow();
        assertThat(SEEN).noneMatch(r -> "reachable".equals(r.labels().get("scenario")));
        assertThat(blocked).allMatch(g -> g.state() == GoroutineState.WAITING);
        for (int i = 0; i < 20; i++) {
            assertThat(held.recv()).isEqualTo(1); // all of them were alive and could be woken
        }
        blocked.forEach(Goroutine::join);
    }
}
