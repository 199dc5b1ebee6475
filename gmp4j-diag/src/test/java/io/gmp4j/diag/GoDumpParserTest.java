package io.gmp4j.diag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Go's debug=2 and debug=1 goroutine dumps read back: fixtures from real Go 1.19 programs
 * (fixtures/make-go-fixtures.sh), hand-written ones imitating newer Go versions, gmp4j's own
 * output, and malformed dumps.
 */
class GoDumpParserTest {
    private static final String DIR = "/fixtures/go/";

    static Stream<String> fixtures() {
        return Stream.of("chansend", "ctxleak", "registry", "labels", "locked").flatMap(p -> Stream.of(
                        p + ".debug1.txt", p + ".debug2.txt"))
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                    l.addAll(List.of("go1.20-additional-frames-elided-ancestors.debug2.txt",
                            "go1.21-in-goroutine-frames-elided.debug2.txt",
                            "go1.21-labels-unsymbolized.debug1.txt",
                            "go1.23-gotraceback-system.debug2.txt",
                            "go1.25-synctest-bubble.debug2.txt"));
                    return l.stream();
                }));
    }

    private static String text(String fixture) throws IOException {
        try (InputStream in = GoDumpParserTest.class.getResourceAsStream(DIR + fixture)) {
            assertThat(in).as("fixture %s", fixture).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Snapshot parse(String fixture) throws Exception {
        return Snapshot.parse(new ByteArrayInputStream(text(fixture).getBytes(StandardCharsets.UTF_8)));
    }

    private static Snapshot parseText(String text) throws Exception {
        return Snapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static GoroutineInfo byId(Snapshot s, long id) {
        return s.goroutines().stream().filter(g -> g.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("goroutine " + id + " missing"));
    }

    /** The first frame that is not the runtime's. */
    private static String topUserFunction(GoroutineInfo g) {
        return g.frames().stream().map(Frame::function).filter(f -> !f.startsWith("runtime.") && !f.startsWith("runtime/"))
                .findFirst().orElse("");
    }

    // ---- every fixture ----

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureParsesIntoGoroutinesWithFramesAndLocations(String fixture) throws Exception {
        Instant before = Instant.now();
        Snapshot s = parse(fixture);
        assertThat(s.goroutines()).isNotEmpty();
        assertThat(s.takenAt()).isBetween(before, Instant.now());
        assertThat(s.goroutines()).extracting(GoroutineInfo::id).isSorted().doesNotHaveDuplicates();
        for (GoroutineInfo g : s.goroutines()) {
            assertThat(g.name()).isEqualTo("goroutine-" + g.id());
            assertThat(g.state()).isNotBlank().doesNotContain("[", "]", "minutes", "locked", "synctest bubble", "(scan)", "(durable)");
            for (Frame f : g.frames()) {
                assertThat(f.function()).isNotBlank().doesNotContain("\t").doesNotEndWith(")");
                assertThat(f.file()).doesNotContain("+0x", " ");
            }
        }
        if (fixture.contains("debug1")) {
            assertThat(s.goroutines()).extracting(GoroutineInfo::state).containsOnly(GoDebug1Parser.UNKNOWN_STATE);
        }
    }

    // ---- the leak patterns, from real Go 1.19 ----

    @Test
    void chanSendLeakShowsFourSendersBlockedInLeakySender() throws Exception {
        Snapshot s = parse("chansend.debug2.txt");
        List<GoroutineInfo> senders = s.goroutines().stream().filter(g -> g.state().equals("chan send")).toList();
        assertThat(senders).hasSize(4);
        for (GoroutineInfo g : senders) {
            assertThat(g.frames().get(0)).isEqualTo(new Frame("main.leakySender", "gmp4j.io/fixtures/chansend/main.go", 15));
            assertThat(g.createdBy()).isEqualTo(new Frame("main.fetchFirst", "gmp4j.io/fixtures/chansend/main.go", 21));
            assertThat(g.creatorId()).isZero(); // Go 1.19 does not print "in goroutine N"
            assertThat(g.waitMinutes()).isZero();
            assertThat(g.lockedToThread()).isFalse();
            assertThat(g.labels()).isEmpty();
        }
        GoroutineInfo main = byId(s, 1);
        assertThat(main.state()).isEqualTo("running");
        assertThat(main.createdBy()).isNull();
        assertThat(main.frames()).extracting(Frame::function).containsExactly(
                "runtime/pprof.writeGoroutineStacks", "runtime/pprof.writeGoroutine", "runtime/pprof.(*Profile).WriteTo",
                "gmp4j.io/fixtures/internal/dump.Write", "main.main");

        Snapshot d1 = parse("chansend.debug1.txt");
        assertThat(d1.goroutines()).hasSize(5);
        assertThat(d1.goroutines()).extracting(GoroutineInfo::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(d1.goroutines().subList(0, 4)).allSatisfy(g -> assertThat(g.frames())
                .containsExactly(new Frame("main.leakySender", "gmp4j.io/fixtures/chansend/main.go", 15)));
        assertThat(d1.goroutines().get(4).frames()).last().isEqualTo(new Frame("runtime.main", "runtime/proc.go", 250));
    }

    @Test
    void contextLeakShowsWaitersOnAnUncancelledContext() throws Exception {
        Snapshot s = parse("ctxleak.debug2.txt");
        List<GoroutineInfo> waiters = s.goroutines().stream().filter(g -> topUserFunction(g).equals("main.waitForCancel")).toList();
        assertThat(waiters).hasSize(3).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("chan receive");
            assertThat(g.createdBy().function()).isEqualTo("main.handle");
            assertThat(g.frames().get(0).line()).isEqualTo(16);
        });
        Snapshot d1 = parse("ctxleak.debug1.txt");
        assertThat(d1.goroutines()).filteredOn(g -> topUserFunction(g).equals("main.waitForCancel")).hasSize(3);
    }

    @Test
    void registryLeakShowsGenericMethodClosuresKeptAlive() throws Exception {
        Snapshot s = parse("registry.debug2.txt");
        List<GoroutineInfo> listeners = s.goroutines().stream().filter(g -> g.state().equals("chan receive")).toList();
        assertThat(listeners).hasSize(4).allSatisfy(g -> {
            assertThat(g.frames()).extracting(Frame::function).containsExactly("main.(*Registry[...]).Subscribe.func1");
            assertThat(g.createdBy()).isEqualTo(new Frame("main.(*Registry[...]).Subscribe", "gmp4j.io/fixtures/registry/main.go", 36));
        });
        Snapshot d1 = parse("registry.debug1.txt");
        assertThat(d1.goroutines()).filteredOn(g -> topUserFunction(g).equals("main.(*Registry[...]).Subscribe.func1")).hasSize(4);
    }

    @Test
    void labelsShowInDebug1ButNotInDebug2() throws Exception {
        Snapshot d1 = parse("labels.debug1.txt");
        List<GoroutineInfo> labelled = d1.goroutines().stream().filter(g -> !g.labels().isEmpty()).toList();
        assertThat(labelled).hasSize(2).allSatisfy(g -> {
            assertThat(g.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("worker", "indexer", "shard", "7"));
            assertThat(g.frames()).extracting(Frame::function)
                    .containsExactly("main.labelledWorker.func1", "runtime/pprof.Do", "main.labelledWorker");
        });
        Snapshot d2 = parse("labels.debug2.txt");
        assertThat(d2.goroutines()).hasSize(3).allSatisfy(g -> assertThat(g.labels()).isEmpty());
        assertThat(d2.goroutines()).filteredOn(g -> topUserFunction(g).equals("main.labelledWorker.func1")).hasSize(2);
    }

    @Test
    void lockedGoroutineIsLockedToThreadAndInSelect() throws Exception {
        Snapshot s = parse("locked.debug2.txt");
        GoroutineInfo locked = s.goroutines().stream().filter(GoroutineInfo::lockedToThread).findFirst().orElseThrow();
        assertThat(locked.state()).isEqualTo("select");
        assertThat(locked.frames().get(0).function()).isEqualTo("main.lockedLoop");
        assertThat(s.goroutines()).filteredOn(GoroutineInfo::lockedToThread).hasSize(1);
    }

    // ---- hand-written, newer Go ----

    @Test
    void go121CreatorIdsElidedFramesMinutesAndLock() throws Exception {
        Snapshot s = parse("go1.21-in-goroutine-frames-elided.debug2.txt");
        assertThat(s.goroutines()).extracting(GoroutineInfo::id).containsExactly(1L, 34L, 35L, 50L);
        GoroutineInfo w = byId(s, 34);
        assertThat(w.state()).isEqualTo("chan receive");
        assertThat(w.waitMinutes()).isEqualTo(12);
        assertThat(w.frames()).extracting(Frame::function, Frame::line).containsExactly(
                tuple("main.(*Pool[...]).worker", 88), tuple("main.recurse", 120), tuple("main.recurse", 121),
                tuple("main.recurse", 121), tuple("main.(*Pool[...]).Start.func1", 60));
        assertThat(w.frames().get(0).file()).isEqualTo("/home/dev/svc/pool.go");
        assertThat(w.createdBy()).isEqualTo(new Frame("main.(*Pool[...]).Start", "/home/dev/svc/pool.go", 58));
        assertThat(w.creatorId()).isEqualTo(1);
        GoroutineInfo l = byId(s, 35);
        assertThat(l).extracting(GoroutineInfo::state, GoroutineInfo::waitMinutes, GoroutineInfo::lockedToThread)
                .containsExactly("select", 3L, true);
        assertThat(byId(s, 50).state()).isEqualTo("IO wait");
        assertThat(byId(s, 50).createdBy().function()).isEqualTo("net/http.(*Server).Serve");
        assertThat(byId(s, 1).creatorId()).isZero();
    }

    @Test
    void go120AdditionalFramesElidedAndAncestorSectionsAreSkipped() throws Exception {
        Snapshot s = parse("go1.20-additional-frames-elided-ancestors.debug2.txt");
        GoroutineInfo g18 = byId(s, 18);
        assertThat(g18.waitMinutes()).isEqualTo(1);
        assertThat(g18.frames()).extracting(Frame::function).containsExactly("main.leakySender", "main.deep");
        GoroutineInfo g19 = byId(s, 19);
        assertThat(g19.state()).isEqualTo("semacquire");
        assertThat(g19.frames()).extracting(Frame::function)
                .containsExactly("sync.runtime_Semacquire", "sync.(*WaitGroup).Wait", "main.waiter");
        assertThat(g19.createdBy()).isEqualTo(new Frame("main.fetchFirst", "/src/app/main.go", 50));
    }

    @Test
    void go123HeaderFieldsAndFrameRegistersAreIgnored() throws Exception {
        Snapshot s = parse("go1.23-gotraceback-system.debug2.txt");
        GoroutineInfo main = byId(s, 1);
        assertThat(main.state()).isEqualTo("running");
        assertThat(main.frames()).containsExactly(
                new Frame("runtime/debug.Stack", "/usr/local/go/src/runtime/debug/stack.go", 26),
                new Frame("main.main", "/home/dev/crash/main.go", 12),
                new Frame("runtime.main", "/usr/local/go/src/runtime/proc.go", 272),
                new Frame("runtime.goexit", "/usr/local/go/src/runtime/asm_amd64.s", 1700));
        GoroutineInfo gc = byId(s, 2);
        assertThat(gc.state()).isEqualTo("force gc (idle)");
        assertThat(gc.createdBy()).isEqualTo(new Frame("runtime.init.7", "/usr/local/go/src/runtime/proc.go", 325));
        GoroutineInfo other = byId(s, 5);
        assertThat(other.frames()).isEmpty();
        assertThat(other.creatorId()).isEqualTo(1);
    }

    @Test
    void go125SynctestBubbleAndStatusMarkersAreDropped() throws Exception {
        Snapshot s = parse("go1.25-synctest-bubble.debug2.txt");
        assertThat(s.goroutines()).extracting(GoroutineInfo::id, GoroutineInfo::state, GoroutineInfo::waitMinutes, GoroutineInfo::creatorId)
                .containsExactly(tuple(6L, "synctest.Wait", 0L, 5L), tuple(7L, "chan receive", 0L, 6L),
                        tuple(9L, "sync.WaitGroup.Wait", 4L, 1L));
    }

    @Test
    void debug1LabelsAreUnquotedAsGoQuotesThemAndUnsymbolizedFramesKeepTheirAddress() throws Exception {
        Snapshot s = parse("go1.21-labels-unsymbolized.debug1.txt");
        assertThat(s.goroutines()).hasSize(4);
        assertThat(s.goroutines().get(0).labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "path", "/api/v1/\"users\"", "tenant", "acmeé!", "worker", "indexer"));
        assertThat(s.goroutines().get(0).frames()).containsExactly(
                new Frame("main.(*Pool[...]).worker", "/home/dev/svc/pool.go", 88),
                new Frame("main.(*Pool[...]).Start.func1", "/home/dev/svc/pool.go", 60));
        assertThat(s.goroutines().get(3).labels()).isEmpty();
        assertThat(s.goroutines().get(3).frames()).containsExactly(
                new Frame("0x5a1b2b", "", 0), new Frame("main.main", "/home/dev/svc/main.go", 41));
    }

    // ---- round trips through gmp4j's writers ----

    private static final Frame RECV = new Frame("io.gmp4j.Chan.recv", "Chan.java", 236);
    private static final Frame WORKER = new Frame("com.example.Worker.lambda$run$0", "Worker.java", 42);
    private static final Frame NOWHERE = new Frame("com.example.Gen.next", "", 0);
    private static final Frame NOLINE = new Frame("com.example.Gen.prev", "Gen.java", 0);

    private static Snapshot sample(boolean withLabels) {
        Map<String, String> l = withLabels ? Map.of("job", "q1", "odd \"key\"", "tab\there\nnl é") : Map.of();
        return Snapshot.of(Instant.parse("2026-11-27T01:00:00Z"), List.of(
                new GoroutineInfo(1, "goroutine-1", "running", 0, Map.of(), List.of(new Frame("com.example.Main.main", "Main.java", 10)), null, 0, true),
                new GoroutineInfo(18, "goroutine-18", "chan receive", 2, l, List.of(RECV, WORKER), new Frame("com.example.Main.start", "Main.java", 7), 1, false),
                new GoroutineInfo(19, "goroutine-19", "select", 61, l, List.of(RECV, WORKER), new Frame("com.example.Main.start", "Main.java", 7), 1, true),
                new GoroutineInfo(20, "goroutine-20", "sync.Mutex.Lock", 0, Map.of(), List.of(NOWHERE, NOLINE, new Frame("x.Y.z", "", 3)), new Frame("x.Y.z", "", 0), 0, false),
                new GoroutineInfo(21, "goroutine-21", "chan receive (nil chan)", 0, Map.of(), List.of(), new Frame("x.Y.w", "W.java", 1), 20, false)));
    }

    private static String write(Snapshot s, DumpFormat f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void debug2RoundTripGivesBackTheSameGoroutines() throws Exception {
        Snapshot original = sample(false);
        Snapshot back = parseText(write(original, DumpFormat.DEBUG2));
        assertThat(back.goroutines()).isEqualTo(original.goroutines());
    }

    @Test
    void debug2OfARealGoDumpWrittenAgainReadsTheSame() throws Exception {
        Snapshot first = parse("go1.21-in-goroutine-frames-elided.debug2.txt");
        Snapshot again = parseText(write(first, DumpFormat.DEBUG2));
        assertThat(again.goroutines()).isEqualTo(first.goroutines());
    }

    @Test
    void debug1RoundTripGivesBackTheStacksAndLabels() throws Exception {
        Snapshot original = sample(true);
        Snapshot back = parseText(write(original, DumpFormat.DEBUG1));
        assertThat(back.goroutines()).hasSize(5);
        // debug=1 groups by (stack, labels), most frequent first, and keeps neither ids nor states
        assertThat(back.goroutines()).extracting(GoroutineInfo::frames, GoroutineInfo::labels).containsExactlyInAnyOrderElementsOf(
                original.goroutines().stream().map(g -> tuple(g.frames(), g.labels())).toList());
        assertThat(back.goroutines().get(0).labels()).isEqualTo(sample(true).goroutines().get(1).labels());
        assertThat(back.goroutines()).extracting(GoroutineInfo::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(back.goroutines()).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("unknown");
            assertThat(g.createdBy()).isNull();
        });
    }

    // ---- detection ----

    @Test
    void snapshotParseDetectsEachGoFormat() throws Exception {
        assertThat(parseText("\n  goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.main+0x1\t/m.go:3\n").goroutines())
                .singleElement().extracting(GoroutineInfo::state).isEqualTo("unknown");
        assertThat(parseText("goroutine 7 [select]:\nmain.main()\n\t/m.go:3 +0x1\n").goroutines())
                .singleElement().extracting(GoroutineInfo::id, GoroutineInfo::state).containsExactly(7L, "select");
        assertThatThrownBy(() -> parseText("hello\n")).isInstanceOf(DumpParseException.class).hasMessageContaining("not a goroutine dump");
    }

    // ---- malformed ----

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("header without ]:", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\n\ngoroutine 2 [select\nmain.f()\n\t/m.go:4\n",
                        5, "malformed goroutine header"),
                Arguments.of("frame without location", "goroutine 1 [running]:\nmain.main()\nmain.g()\n\t/m.go:3\n", 2, "without its location line"),
                Arguments.of("frame then blank", "goroutine 1 [running]:\nmain.f()\n\t/m.go:3\nmain.main()\n\ngoroutine 2 [select]:\nmain.f()\n\t/m.go:4\n",
                        4, "without its location line"),
                Arguments.of("created by without location", "goroutine 4 [running]:\nmain.main()\n\t/m.go:3\ncreated by main.x in goroutine 1\n",
                        4, "'created by main.x' without its location line"),
                Arguments.of("non-numeric line", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\nmain.g(0x1)\n\t/m.go:1x2 +0x1\n", 5, "is not a number"),
                Arguments.of("truncated mid-line", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\n\ngoroutine 2 [chan rec", 5, "truncated"),
                Arguments.of("truncated after a header", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\n\ngoroutine 2 [chan receive]:\n", 5, "truncated"),
                Arguments.of("truncated after a frame", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\nmain.caller(...)\n", 4, "truncated"),
                Arguments.of("frame line without arguments", "goroutine 1 [running]:\nmain.main\n\t/m.go:3\n", 2, "malformed frame line"),
                Arguments.of("stray text between goroutines", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\n\nexit status 2\n", 5, "expected a goroutine header"),
                Arguments.of("location without frame", "goroutine 1 [running]:\n\t/m.go:3\n", 2, "without a frame"),
                Arguments.of("duplicate id", "goroutine 1 [running]:\nmain.main()\n\t/m.go:3\n\ngoroutine 1 [running]:\nmain.main()\n\t/m.go:3\n", 5, "twice"),
                Arguments.of("total does not match", "goroutine profile: total 5\n4 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:3\n\n", 1, "total 5 but the entries count 4"),
                Arguments.of("debug1 total too small", "\ngoroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:3\n\n1 @ 0x2\n#\t0x2\tmain.g+0x1\t/m.go:4\n", 2, "total 1 but the entries count 2"),
                Arguments.of("debug1 non-numeric line", "goroutine profile: total 1\n1 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:x\n", 3, "is not a number"),
                Arguments.of("debug1 bad entry", "goroutine profile: total 1\none @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:3\n", 2, "expected an entry"),
                Arguments.of("debug1 bad labels", "goroutine profile: total 1\n1 @ 0x1\n# labels: {\"k\":\"v\n#\t0x1\tmain.f+0x1\t/m.go:3\n", 3, "unterminated"),
                Arguments.of("debug1 truncated", "goroutine profile: total 2\n2 @ 0x1\n#\t0x1\tmain.f+0x1\t/m.go:3\n#\t0x2\tmain.g+0", 4, "truncated"),
                Arguments.of("debug1 bad frame", "goroutine profile: total 1\n1 @ 0x1\n#\tmain.f\t/m.go:3\n", 3, "malformed frame line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedDumpsNameTheirLine(String what, String text, int line, String message) {
        assertThatThrownBy(() -> parseText(text))
                .isInstanceOf(DumpParseException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((DumpParseException) e).line()).isEqualTo(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"goroutine 99999999999999999999 [running]:\nmain.main()\n\t/m.go:3\n",
            "goroutine 1 [running]:\nmain.main()\n\t/m.go:99999999999\n",
            "goroutine profile: total 99999999999999999999\n"})
    void hugeNumbersAreParseErrorsNotUncheckedExceptions(String text) {
        assertThatThrownBy(() -> parseText(text)).isInstanceOf(DumpParseException.class);
    }
}
