package io.gmp4j.diag;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JdkThreadDumpParser on real JDK 25 dumps (fixtures/make-jdk-fixtures.sh), a JDK 21-shaped dump and a
 * formatVersion 2 dump derived from them (fixtures/jdk/derive_hand_fixtures.py), and malformed input.
 */
class JdkThreadDumpParserTest {
    private static final String LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync";
    private static final String QUEUE = "java.util.concurrent.SynchronousQueue$Transferer";

    private static String fixture(String name) throws IOException {
        try (InputStream in = JdkThreadDumpParserTest.class.getResourceAsStream("/fixtures/jdk/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<GoroutineInfo> named(Snapshot s, String prefix) {
        return s.goroutines().stream().filter(g -> g.name().startsWith(prefix)).toList();
    }

    private static GoroutineInfo one(Snapshot s, String name) {
        List<GoroutineInfo> gs = s.goroutines().stream().filter(g -> g.name().equals(name)).toList();
        assertThat(gs).as(name).hasSize(1);
        return gs.get(0);
    }

    private static DumpParseException fail(String json) {
        try {
            JdkThreadDumpParser.parse(json);
        } catch (DumpParseException e) {
            return e;
        }
        throw new AssertionError("parsed: " + json);
    }

    @Test
    void jdk25LoadedDumpHasEveryBlockedVirtualThreadWithItsWaitReason() throws Exception {
        Snapshot s = JdkThreadDumpParser.parse(fixture("jdk25-loaded.json"));
        assertThat(s.takenAt()).isEqualTo(Instant.parse("2026-11-27T01:33:11.560051311Z"));
        assertThat(s.goroutines()).hasSize(265);
        assertThat(s.goroutines()).extracting(GoroutineInfo::id).doesNotHaveDuplicates().isSorted();

        List<GoroutineInfo> sleepers = named(s, "sleeper-");
        assertThat(sleepers).hasSize(100).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("sleep");
            assertThat(g.labels()).isEqualTo(Map.of("container", "<root>", "virtual", "true"));
            assertThat(g.frames().get(0)).isEqualTo(new Frame("java.lang.VirtualThread.parkNanos", "VirtualThread.java", 784));
            assertThat(g.frames()).contains(new Frame("LoadedDump.sleeper", "LoadedDump.java", 25));
            assertThat(g.waitMinutes()).isZero();
            assertThat(g.createdBy()).isNull();
            assertThat(g.creatorId()).isZero();
            assertThat(g.lockedToThread()).isFalse();
        });
        assertThat(named(s, "locker-")).hasSize(60).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo(LOCK);
            assertThat(g.frames()).contains(new Frame("LoadedDump.lockWaiter", "LoadedDump.java", 32));
        });
        assertThat(named(s, "monitor-")).hasSize(40).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("monitor enter");
            assertThat(g.frames().get(0)).isEqualTo(new Frame("LoadedDump.monitorWaiter", "LoadedDump.java", 38));
        });
        assertThat(named(s, "taker-")).hasSize(50).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo(QUEUE);
            assertThat(g.frames()).contains(new Frame("java.util.concurrent.SynchronousQueue.take", "SynchronousQueue.java", 318));
        });
        assertThat(named(s, "busy-")).hasSize(2).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("running");
            assertThat(g.labels()).isEqualTo(Map.of("container", "<root>"));
            assertThat(g.frames().get(0)).isEqualTo(new Frame("LoadedDump.spin", "LoadedDump.java", 53));
        });
        Map<String, Long> byState = s.goroutines().stream().collect(Collectors.groupingBy(GoroutineInfo::state, Collectors.counting()));
        assertThat(byState).containsEntry("sleep", 100L).containsEntry(LOCK, 60L).containsEntry("monitor enter", 40L)
                .containsEntry(QUEUE, 50L);
        assertThat(s.goroutines().stream().filter(g -> g.labels().containsKey("virtual"))).hasSize(250);
        assertThat(one(s, "ForkJoinPool-1-worker-1").labels().get("container")).startsWith("ForkJoinPool-1/");
    }

    @Test
    void jdk25SmallDumpMapsPlatformThreadsAndNativeFrames() throws Exception {
        Snapshot s = JdkThreadDumpParser.parse(fixture("jdk25-small.json"));
        assertThat(s.goroutines()).hasSize(23);
        GoroutineInfo main = one(s, "main");
        assertThat(main.id()).isEqualTo(3);
        assertThat(main.state()).isEqualTo("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject");
        assertThat(main.frames().get(0)).isEqualTo(new Frame("jdk.internal.misc.Unsafe.park", "", 0));
        assertThat(main.frames().get(main.frames().size() - 1)).isEqualTo(new Frame("LoadedDump.main", "LoadedDump.java", 115));
        assertThat(one(s, "Finalizer").state()).isEqualTo("monitor wait");
        assertThat(one(s, "lock-holder").state()).isEqualTo("java.util.concurrent.CountDownLatch$Sync");
        assertThat(one(s, "Signal Dispatcher").frames()).isEmpty();
        assertThat(one(s, "Signal Dispatcher").state()).isEqualTo("running");
        assertThat(one(s, "ForkJoinPool-1-delayScheduler").state()).isEqualTo("park");
        assertThat(named(s, "sleeper-")).hasSize(3).allSatisfy(g -> assertThat(g.state()).isEqualTo("sleep"));
        assertThat(one(s, "process reaper (pid 16930)").labels()).containsEntry("container", "java.util.concurrent.ThreadPoolExecutor@6ff3c5b5");
    }

    @Test
    void jdk21DumpWithoutStatesDerivesTheStateFromTheStack() throws Exception {
        Snapshot s = JdkThreadDumpParser.parse(fixture("jdk21-small.json"));
        assertThat(s.goroutines()).hasSize(23);
        assertThat(s.takenAt()).isEqualTo(Instant.parse("2026-11-27T01:33:13.505356559Z"));
        assertThat(named(s, "sleeper-")).hasSize(3).allSatisfy(g -> {
            assertThat(g.state()).isEqualTo("sleep");
            assertThat(g.labels()).isEqualTo(Map.of("container", "<root>"));
        });
        assertThat(named(s, "locker-")).hasSize(2).allSatisfy(g -> assertThat(g.state()).isEqualTo("park"));
        assertThat(named(s, "monitor-")).hasSize(2).allSatisfy(g -> assertThat(g.state()).isEqualTo("unknown"));
        assertThat(one(s, "Finalizer").state()).isEqualTo("monitor wait");
        assertThat(one(s, "busy-0").state()).isEqualTo("unknown");
    }

    @Test
    void formatVersion2DumpWithNumericIds() throws Exception {
        Snapshot s = JdkThreadDumpParser.parse(fixture("jdk27-v2-small.json"));
        assertThat(s.goroutines()).hasSize(26);
        assertThat(one(s, "main").id()).isEqualTo(3);
        GoroutineInfo spinner = one(s, "spinner-v");
        assertThat(spinner.id()).isEqualTo(900);
        assertThat(spinner.state()).isEqualTo("running");
        assertThat(spinner.labels()).containsEntry("virtual", "true");
        GoroutineInfo unnamed = s.goroutines().stream().filter(g -> g.id() == 902).findFirst().orElseThrow();
        assertThat(unnamed.name()).isEqualTo("thread-902");
        assertThat(unnamed.frames()).containsExactly(new Frame("com.example.Foo.bar", "Foo.java", 12),
                new Frame("com.foo.Main.run", "Main.java", 101));
        assertThat(named(s, "locker-")).hasSize(2).allSatisfy(g -> assertThat(g.state()).isEqualTo(LOCK));
        assertThat(one(s, "ForkJoinPool-1-worker-3").labels().get("container")).startsWith("ForkJoinPool-1/");
    }

    @Test
    void snapshotParseDetectsJson() throws Exception {
        byte[] bytes = ("\n  " + fixture("jdk25-small.json")).getBytes(StandardCharsets.UTF_8);
        Snapshot s = Snapshot.parse(new ByteArrayInputStream(bytes));
        assertThat(s.goroutines()).hasSize(23);
        assertThat(one(s, "sleeper-0").state()).isEqualTo("sleep");
    }

    private static String dump(String containers) {
        return "{\"threadDump\": {\"processId\": 1, \"time\": \"2026-01-02T03:04:05Z\", \"runtimeVersion\": \"25\",\n"
                + "\"threadContainers\": [" + containers + "]}}";
    }

    @Test
    void aThreadInSeveralContainersAppearsOnceWithTheInnerContainer() throws Exception {
        String t = "{\"tid\": \"7\", \"name\": \"w\", \"state\": \"WAITING\", \"stack\": [\"java.base/java.lang.Object.wait0(Native Method)\"]}";
        String t2 = "{\"tid\": 7, \"name\": \"w\", \"state\": \"RUNNABLE\", \"stack\": []}";
        Snapshot s = JdkThreadDumpParser.parse(dump(
                "{\"container\": \"<root>\", \"parent\": null, \"owner\": null, \"threads\": [" + t + "]},"
                        + "{\"container\": \"pool\", \"parent\": \"<root>\", \"owner\": \"1\", \"threads\": [" + t2 + "]}"));
        assertThat(s.goroutines()).hasSize(1);
        GoroutineInfo g = s.goroutines().get(0);
        assertThat(g.id()).isEqualTo(7);
        assertThat(g.state()).isEqualTo("monitor wait");
        assertThat(g.labels()).isEqualTo(Map.of("container", "pool"));
        assertThat(s.takenAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void numericAndStringTidsAndUnmountedVirtualThreads() throws Exception {
        Snapshot s = JdkThreadDumpParser.parse(dump("{\"container\": \"<root>\", \"parent\": null, \"owner\": null, \"threads\": ["
                + "{\"tid\": 12345678901, \"name\": \"a\", \"state\": \"RUNNABLE\", \"virtual\": true, \"stack\": []},"
                + "{\"tid\": \"42\", \"name\": \"b\", \"state\": \"RUNNABLE\", \"virtual\": true, \"carrier\": \"9\", \"stack\": []},"
                + "{\"tid\": 5, \"state\": \"NEW\", \"stack\": [\"app//Foo$$Lambda/0x0000000801001234.run(Unknown Source)\"]}]}"));
        assertThat(s.goroutines()).extracting(GoroutineInfo::id).containsExactly(5L, 42L, 12345678901L);
        assertThat(s.goroutines()).extracting(GoroutineInfo::state).containsExactly("idle", "running", "runnable");
        assertThat(s.goroutines().get(0).name()).isEqualTo("thread-5");
        assertThat(s.goroutines().get(0).frames()).containsExactly(new Frame("Foo$$Lambda/0x0000000801001234.run", "", 0));
    }

    @Test
    void noTimeFallsBackToNow() throws Exception {
        Instant before = Instant.now();
        Snapshot s = JdkThreadDumpParser.parse("{\"threadDump\": {\"threadContainers\": []}}");
        assertThat(s.takenAt()).isBetween(before, Instant.now());
        assertThat(s.goroutines()).isEmpty();
    }

    @Test
    void badJsonNamesTheLine() {
        DumpParseException e = fail("{\n  \"threadDump\": {\n    \"processId\": \"1\"\n    \"time\": \"x\"\n  }\n}");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).startsWith("line 4: ").contains("not valid JSON");

        DumpParseException truncated = fail("{\n\"threadDump\": {\n\"threadContainers\": [\n");
        assertThat(truncated.line()).isEqualTo(4);
        assertThat(truncated.getMessage()).contains("end-of-input");

        DumpParseException trailing = fail("{\"threadDump\": {\"threadContainers\": []}}\n\n}");
        assertThat(trailing.line()).isEqualTo(3);

        DumpParseException dup = fail("{\"threadDump\": {\"threadContainers\": []},\n\"threadDump\": 1}");
        assertThat(dup.line()).isEqualTo(2);
    }

    @Test
    void wrongShapeIsRefusedWithThePath() {
        assertThat(fail("{\"dump\": {}}").getMessage()).contains("no \"threadDump\"");
        assertThat(fail("[1, 2]").getMessage()).contains("\"threadDump\"");
        assertThat(fail("{\"threadDump\": {\"threadContainers\": {}}}").getMessage())
                .contains("threadDump.threadContainers: not an array");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": 1, \"name\": \"x\", \"stack\": \"a.B.c(B.java:1)\"}]}")).getMessage())
                .contains("threadDump.threadContainers[0].threads[0].stack: not an array");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": \"x1\", \"name\": \"x\", \"stack\": []}]}")).getMessage())
                .contains("threads[0].tid: expected an integer id");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": 1.5, \"name\": \"x\", \"stack\": []}]}")).getMessage())
                .contains("threads[0].tid: expected an integer id");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"name\": \"x\", \"stack\": []}]}")).getMessage())
                .contains("threads[0].tid: missing");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": 1, \"stack\": [\"garbage\"]}]}")).getMessage())
                .contains("threads[0].stack[0]: not a stack frame");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": 1, \"stack\": [\"a.B.c(B.java:x)\"]}]}")).getMessage())
                .contains("bad line number");
        assertThat(fail(dump("{\"container\": \"c\"}")).getMessage()).contains("threadContainers[0].threads: missing");
        assertThat(fail("{\"threadDump\": {\"time\": \"yesterday\", \"threadContainers\": []}}").getMessage())
                .contains("threadDump.time: not an ISO-8601 time");
        assertThat(fail("{\"threadDump\": {\"formatVersion\": \"two\", \"threadContainers\": []}}").getMessage())
                .contains("threadDump.formatVersion: expected an integer");
        assertThat(fail(dump("{\"container\": \"c\", \"threads\": [{\"tid\": 1, \"state\": \"WAITING\", \"parkBlocker\": \"x\", \"stack\": []}]}")).getMessage())
                .contains("parkBlocker: expected an object");
        assertThat(fail("{\"dump\": {}}").line()).isZero();
    }
}
