package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.diag.pprof.Function;
import io.gmp4j.diag.pprof.Location;
import io.gmp4j.diag.pprof.Profile;
import io.gmp4j.diag.pprof.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The pprof goroutine profile: read back with protobuf-java, and opened by {@code go tool pprof}
 * itself when a Go toolchain is installed ({@code .ci/run} installs Debian's golang-1.19-go).
 */
class PprofWriterTest {
    private static final Frame RECV = new Frame("io.gmp4j.Chan.recv", "Chan.java", 236);
    private static final Frame WORKER = new Frame("com.example.Worker.run", "Worker.java", 42);
    private static final Frame MAIN = new Frame("com.example.Main.main", "Main.java", 10);

    private static Profile read(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(DumpFormat.PPROF, out);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            return Profile.parseFrom(in);
        }
    }

    @Test
    void samplesCountGoroutinesPerDistinctStackAndLabels() throws IOException {
        Snapshot s = Snapshot.of(Instant.parse("2026-11-27T01:00:00Z"), List.of(
                new GoroutineInfo(1, "g1", "running", 0, Map.of(), List.of(MAIN), null, 0, false),
                new GoroutineInfo(2, "g2", "chan receive", 0, Map.of("job", "q1"), List.of(RECV, WORKER), MAIN, 1, false),
                new GoroutineInfo(3, "g3", "chan receive", 0, Map.of("job", "q1"), List.of(RECV, WORKER), MAIN, 1, false),
                new GoroutineInfo(4, "g4", "chan receive", 0, Map.of(), List.of(RECV, WORKER), MAIN, 1, false)));
        Profile p = read(s);
        List<String> st = p.getStringTableList();
        assertThat(st.getFirst()).isEmpty();
        assertThat(st.get((int) p.getSampleType(0).getType())).isEqualTo("goroutine");
        assertThat(st.get((int) p.getSampleType(0).getUnit())).isEqualTo("count");
        assertThat(p.getSampleList().stream().mapToLong(x -> x.getValue(0)).sum()).isEqualTo(4);
        assertThat(p.getSampleCount()).isEqualTo(3);
        Sample labelled = p.getSampleList().stream().filter(x -> x.getLabelCount() > 0).findFirst().orElseThrow();
        assertThat(labelled.getValue(0)).isEqualTo(2);
        assertThat(st.get((int) labelled.getLabel(0).getKey())).isEqualTo("job");
        assertThat(st.get((int) labelled.getLabel(0).getStr())).isEqualTo("q1");
        assertThat(functionsOf(p, labelled)).containsExactly("io.gmp4j.Chan.recv", "com.example.Worker.run");
        Location recv = location(p, labelled.getLocationId(0));
        assertThat(recv.getAddress()).isEqualTo(Debug1Writer.address(RECV));
        assertThat(recv.getLine(0).getLine()).isEqualTo(236);
        assertThat(p.getLocationCount()).isEqualTo(3); // RECV, WORKER and MAIN, each once
        assertThat(p.getTimeNanos()).isEqualTo(Instant.parse("2026-11-27T01:00:00Z").getEpochSecond() * 1_000_000_000L);
    }

    @Test
    void aProfileParsesBackToTheSameStacksLabelsAndTime() throws Exception {
        Instant at = Instant.parse("2026-11-27T01:00:00.123456789Z");
        Snapshot s = Snapshot.of(at, List.of(
                new GoroutineInfo(1, "g1", "running", 0, Map.of(), List.of(MAIN), null, 0, false),
                new GoroutineInfo(2, "g2", "chan receive", 0, Map.of("job", "q1"), List.of(RECV, WORKER), MAIN, 1, false),
                new GoroutineInfo(3, "g3", "chan receive", 0, Map.of("job", "q1"), List.of(RECV, WORKER), MAIN, 1, false)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(DumpFormat.PPROF, out);
        Snapshot back = Snapshot.parse(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back.takenAt()).isEqualTo(at);
        assertThat(back.goroutines()).extracting(GoroutineInfo::frames)
                .containsExactly(List.of(MAIN), List.of(RECV, WORKER), List.of(RECV, WORKER));
        assertThat(back.goroutines()).extracting(GoroutineInfo::labels)
                .containsExactly(Map.of(), Map.of("job", "q1"), Map.of("job", "q1"));
        assertThat(back.goroutines()).extracting(GoroutineInfo::state).containsOnly("unknown");
    }

    @Test
    void aGoroutineProfileFromGoParses() throws Exception {
        Snapshot s;
        try (var in = getClass().getResourceAsStream("/fixtures/go/labels.pprof.pb.gz")) {
            assertThat(in).isNotNull();
            s = Snapshot.parse(in);
        }
        List<GoroutineInfo> workers = s.goroutines().stream()
                .filter(g -> g.frames().stream().anyMatch(f -> f.function().equals("main.labelledWorker"))).toList();
        assertThat(workers).hasSize(2);
        assertThat(workers).allSatisfy(g -> {
            assertThat(g.labels()).containsEntry("worker", "indexer").containsEntry("shard", "7");
            assertThat(g.frames().getFirst().function()).isEqualTo("runtime.gopark");
            assertThat(g.frames()).extracting(Frame::function).contains("runtime.chanrecv", "main.labelledWorker.func1");
            assertThat(g.frames().stream().filter(f -> f.function().equals("main.labelledWorker")).findFirst().orElseThrow().line()).isPositive();
        });
        assertThat(s.goroutines()).hasSize(3);
    }

    @Test
    void brokenProfilesAreRefusedWithAReason() throws Exception {
        byte[] good;
        try (var in = getClass().getResourceAsStream("/fixtures/go/labels.pprof.pb.gz")) {
            good = in.readAllBytes();
        }
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        assertThatThrownBy(() -> Snapshot.parse(new ByteArrayInputStream(truncated)))
                .isInstanceOf(DumpParseException.class).hasMessageContaining("pprof");
        Profile cpu = Profile.newBuilder().addStringTable("").addStringTable("samples").addStringTable("count")
                .addSampleType(io.gmp4j.diag.pprof.ValueType.newBuilder().setType(1).setUnit(2)).build();
        assertThatThrownBy(() -> Snapshot.parse(new ByteArrayInputStream(gzip(cpu.toByteArray()))))
                .isInstanceOf(DumpParseException.class).hasMessageContaining("not a goroutine profile");
        Profile dangling = Profile.newBuilder().addStringTable("").addStringTable("goroutine").addStringTable("count")
                .addSampleType(io.gmp4j.diag.pprof.ValueType.newBuilder().setType(1).setUnit(2))
                .addSample(Sample.newBuilder().addLocationId(99).addValue(1)).build();
        assertThatThrownBy(() -> Snapshot.parse(new ByteArrayInputStream(gzip(dangling.toByteArray()))))
                .isInstanceOf(DumpParseException.class).hasMessageContaining("location 99");
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private static Location location(Profile p, long id) {
        return p.getLocationList().stream().filter(l -> l.getId() == id).findFirst().orElseThrow();
    }

    private static List<String> functionsOf(Profile p, Sample s) {
        List<String> out = new ArrayList<>();
        for (long id : s.getLocationIdList()) {
            long fn = location(p, id).getLine(0).getFunctionId();
            Function f = p.getFunctionList().stream().filter(x -> x.getId() == fn).findFirst().orElseThrow();
            out.add(p.getStringTable((int) f.getName()));
        }
        return out;
    }

    static void parkedInPprofTest(Chan<Integer> c) {
        c.recv();
    }

    @Test
    void goToolPprofShowsTheCountsAndFunctionNames(@TempDir Path dir) throws Exception {
        Optional<Path> go = findGo();
        assumeTrue(go.isPresent(), "no Go toolchain here (CI installs golang-1.19-go)");
        Chan<Integer> c = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            gs.add(Go.go(() -> parkedInPprofTest(c)));
        }
        for (Goroutine g : gs) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (g.state() != GoroutineState.WAITING) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        Path file = dir.resolve("goroutine.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            Snapshot.capture().write(DumpFormat.PPROF, out);
        }
        c.close();
        for (Goroutine g : gs) {
            g.join();
        }
        String top = run(go.get(), dir, "tool", "pprof", "-top", "-nodecount=100", file.toString());
        assertThat(top).contains("io.gmp4j.diag.PprofWriterTest.parkedInPprofTest").contains("io.gmp4j.Chan.recv");
        assertThat(top).containsPattern("(?m)^\\s*7\\s+\\S+%\\s+\\S+%\\s+7\\s+\\S+%\\s+io\\.gmp4j\\.Chan\\.recv$");
        String traces = run(go.get(), dir, "tool", "pprof", "-traces", file.toString());
        assertThat(traces).containsPattern("(?m)^\\s+7\\s+io\\.gmp4j\\.Chan\\.recv$")
                .contains("io.gmp4j.diag.PprofWriterTest.parkedInPprofTest");
    }

    static String run(Path go, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(go.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", dir.toString()); // pprof keeps its own files under $HOME
        pb.environment().put("PPROF_TMPDIR", dir.toString());
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as("go %s failed:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    static Optional<Path> findGo() throws IOException {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":", -1)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "go"))) {
                return Optional.of(Path.of(d, "go"));
            }
        }
        Path lib = Path.of("/usr/lib");
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(lib)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("go-")).map(d -> d.resolve("bin/go"))
                    .filter(Files::isExecutable).sorted().reduce((a, b) -> b);
        }
    }
}
