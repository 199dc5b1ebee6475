package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.diag.pprof.Profile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Suspected leaks (age, grouping, growth), the goroutineleak profile, and bad arguments. */
class LeakDetectorTest {
    private static final LeakDetector D = LeakDetector.global();

    private static void awaitWaiting(List<Goroutine> gs) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gs.stream().anyMatch(g -> g.state() != GoroutineState.WAITING)) {
            assertThat(System.nanoTime()).as("goroutines block").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void startStuck(Chan<Integer> held, List<Goroutine> into, int n) {
        for (int i = 0; i < n; i++) {
            into.add(Go.go(() -> held.send(1)));
        }
        awaitWaiting(into);
    }

    private static SuspectedLeak ours(List<SuspectedLeak> found) {
        return found.stream().filter(s -> s.creationSite().contains("LeakDetectorTest.startStuck")).findFirst().orElse(null);
    }

    @Test
    void stuckGoroutinesAreGroupedBySitesAndReasonAndAGrowingGroupIsFlagged() {
        Chan<Integer> held = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        startStuck(held, gs, 4);
        SuspectedLeak first = ours(D.suspectedLeaks(Duration.ZERO));
        assertThat(first).isNotNull();
        assertThat(first.count()).isEqualTo(4);
        assertThat(first.waitReason()).isEqualTo("chan send");
        assertThat(first.waitSite()).startsWith("io.gmp4j.Chan.send(");
        assertThat(first.goroutineIds()).containsExactlyElementsOf(gs.stream().map(Goroutine::id).sorted().toList());

        startStuck(held, gs, 4);
        startStuck(held, gs, 4);
        assertThat(ours(D.suspectedLeaks(Duration.ZERO)).count()).isEqualTo(12); // a scan in between: 8 ...
        startStuck(held, gs, 4);
        SuspectedLeak grown = ours(D.suspectedLeaks(Duration.ZERO)); // ... 12, 16: grew at each of the last three scans
        assertThat(grown.count()).isEqualTo(16);
        assertThat(grown.growingScans()).isGreaterThanOrEqualTo(2);
        assertThat(grown.growing()).isTrue();
        assertThat(grown.growthPerMinute()).isPositive();
        assertThat(grown.toString()).contains("16 goroutines [chan send", "growing by");

        assertThat(ours(D.suspectedLeaks(Duration.ofHours(1)))).as("none waited an hour").isNull();
        ours(D.suspectedLeaks(Duration.ZERO));
        SuspectedLeak stable = ours(D.suspectedLeaks(Duration.ZERO));
        assertThat(stable.count()).isEqualTo(16);
        assertThat(stable.growing()).as("no growth since the last scan").isFalse();
        assertThat(stable.growthPerMinute()).isZero();

        for (int i = 0; i < gs.size(); i++) {
            assertThat(held.recv()).isEqualTo(1);
        }
        gs.forEach(Goroutine::join);
        assertThat(ours(D.suspectedLeaks(Duration.ZERO))).isNull();
    }

    @SuppressWarnings("InlineFormatString") // the dump's shape reads better apart from the loop that fills it
    private static final String DUMP = """
            goroutine 1 [running]:
            main.main()
            \t/app/main.go:10 +0x1d

            %s""";

    private static String stuck(int from, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("goroutine ").append(from + i).append(" [chan receive, 7 minutes]:\n")
                    .append("main.worker(...)\n\t/app/worker.go:31\n")
                    .append("created by main.startWorkers in goroutine 1\n\t/app/worker.go:20 +0x4d\n\n");
        }
        return b.toString();
    }

    @Test
    void suspectedLeaksInASeriesOfGoDumps() throws Exception {
        List<Snapshot> series = new ArrayList<>();
        for (int n : new int[]{2, 4, 6}) {
            String text = DUMP.formatted(stuck(10, n));
            series.add(Snapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        }
        List<SuspectedLeak> found = LeakDetector.suspectedIn(series, Duration.ofMinutes(5));
        assertThat(found).hasSize(1);
        SuspectedLeak s = found.getFirst();
        assertThat(s.count()).isEqualTo(6);
        assertThat(s.waitReason()).isEqualTo("chan receive");
        assertThat(s.waitSite()).isEqualTo("main.worker(/app/worker.go:31)");
        assertThat(s.creationSite()).isEqualTo("main.startWorkers(/app/worker.go:20)");
        assertThat(s.longestWait()).isEqualTo(Duration.ofMinutes(7));
        assertThat(s.growingScans()).isEqualTo(2);
        assertThat(LeakDetector.suspectedIn(series, Duration.ofMinutes(8))).isEmpty();
    }

    private static void leakUnreachableSenders(String name, int n) {
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = Chan.make();
            Go.go(name, Map.of("profile", "yes"), () -> ch.send(1));
        }
    }

    /** Leaks {@code n} senders named {@code name} with wait stacks on, and waits (bounded) until all are proven. */
    private static void leakWithStacksUntilProven(String name, int n) {
        D.logReports(false);
        D.captureStacks(true);
        try {
            leakUnreachableSenders(name, n);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (D.provenLeaks().stream().filter(r -> r.name().equals(name)).count() < n) {
                assertThat(System.nanoTime()).as("%d proven leaks named %s", n, name).isLessThan(deadline);
                D.collectNow();
            }
        } finally {
            D.captureStacks(false);
            D.logReports(true);
        }
    }

    @Test
    void provenLeaksRenderAsGoroutineleakProfiles() throws Exception {
        leakWithStacksUntilProven("profiled", 3);
        // Goroutines other tests dropped may be proven meanwhile (the reaper runs at any GC), so
        // the totals are bounded by the counts before and after, and checked against each profile's own entries.
        int before = D.provenLeaks().size();
        ByteArrayOutputStream debug1 = new ByteArrayOutputStream();
        D.writeProfile(DumpFormat.DEBUG1, debug1);
        String text = debug1.toString(StandardCharsets.UTF_8);
        java.util.regex.Matcher header = java.util.regex.Pattern.compile("^goroutineleak profile: total (\\d+)\n").matcher(text);
        assertThat(header.find()).as(text).isTrue();
        int total = Integer.parseInt(header.group(1));
        assertThat(total).isBetween(before, D.provenLeaks().size());
        int entries = text.lines().filter(l -> l.matches("\\d+ @.*")).mapToInt(l -> Integer.parseInt(l.substring(0, l.indexOf(' ')))).sum();
        assertThat(entries).isEqualTo(total);
        assertThat(text).contains("3 @ ", "# labels: {\"profile\":\"yes\"}", "io.gmp4j.Chan.send+0x0");

        ByteArrayOutputStream debug2 = new ByteArrayOutputStream();
        D.writeProfile(DumpFormat.DEBUG2, debug2);
        assertThat(debug2.toString(StandardCharsets.UTF_8)).contains("[chan send (leaked)]");

        ByteArrayOutputStream pprof = new ByteArrayOutputStream();
        D.writeProfile(DumpFormat.PPROF, pprof);
        Profile p = Profile.parseFrom(new GZIPInputStream(new ByteArrayInputStream(pprof.toByteArray())));
        assertThat(p.getStringTable((int) p.getSampleType(0).getType())).isEqualTo("goroutineleak");
        assertThat(p.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum()).isBetween((long) total, (long) D.provenLeaks().size());
    }

    /** One creation site (this lambda), leaking again and again. */
    private static void leakFromOneSite(String name) {
        Chan<Integer> ch = Chan.make();
        Go.go(name, () -> ch.send(1));
    }

    private static LeakReport provenLeak(String name) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (;;) {
            var r = D.provenLeaks().stream().filter(x -> x.name().equals(name)).findFirst();
            if (r.isPresent()) {
                return r.get();
            }
            assertThat(System.nanoTime()).as("leak %s proven", name).isLessThan(deadline);
            D.collectNow();
        }
    }

    @Test
    void aLeakThatRepeatsIsReportedWithItsStackFromItsSecondOccurrenceOn() {
        assertThat(D.capturesStacks()).isFalse();
        D.logReports(false);
        try {
            leakFromOneSite("repeat-1");
            LeakReport first = provenLeak("repeat-1");
            assertThat(first.stack()).as("wait stacks are off: nothing captured the first").isEmpty();
            leakFromOneSite("repeat-2");
            LeakReport second = provenLeak("repeat-2");
            assertThat(second.stack()).isNotEmpty();
            assertThat(second.stack().getFirst().function()).isEqualTo("io.gmp4j.Chan.send");
            assertThat(second.stack().get(1).function()).contains("LeakDetectorTest.lambda$leakFromOneSite");
        } finally {
            D.logReports(true);
        }
    }

    @Test
    void goToolPprofOpensTheGoroutineleakProfile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var go = PprofWriterTest.findGo();
        org.junit.jupiter.api.Assumptions.assumeTrue(go.isPresent(), "no Go toolchain here (CI installs golang-1.19-go)");
        leakWithStacksUntilProven("for-go-tool", 4);
        java.nio.file.Path file = dir.resolve("goroutineleak.pb.gz");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            D.writeProfile(DumpFormat.PPROF, out);
        }
        // Other tests leave thousands of reports in the detector: show every node, however small.
        String top = PprofWriterTest.run(go.get(), dir, "tool", "pprof", "-top", "-nodecount=100000", "-nodefraction=0", file.toString());
        assertThat(top).contains("Type: goroutineleak", "io.gmp4j.Chan.send", "LeakDetectorTest.lambda$leakUnreachableSenders");
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> D.suspectThreshold(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> LeakDetector.suspectedIn(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no dumps");
        assertThat(D.suspectThreshold()).isEqualTo(Duration.ofMinutes(1));
    }
}
