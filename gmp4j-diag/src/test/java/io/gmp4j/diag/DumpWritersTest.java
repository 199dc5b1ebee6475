package io.gmp4j.diag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The writers on a hand-built snapshot, against Go's formats as Go's runtime prints them. */
class DumpWritersTest {
    private static final Frame RECV = new Frame("io.gmp4j.Chan.recv", "Chan.java", 236);
    private static final Frame WORKER = new Frame("com.example.Worker.run", "Worker.java", 42);
    private static final Frame MAIN = new Frame("com.example.Main.main", "Main.java", 10);
    private static final Frame SPAWN = new Frame("com.example.Main.start", "Main.java", 7);

    private static Snapshot sample() {
        return Snapshot.of(Instant.parse("2026-11-27T01:00:00Z"), List.of(
                new GoroutineInfo(1, "goroutine-1", "running", 0, Map.of(), List.of(MAIN), null, 0, true),
                new GoroutineInfo(18, "goroutine-18", "chan receive", 2, Map.of("job", "q1"), List.of(RECV, WORKER), SPAWN, 1, false),
                new GoroutineInfo(19, "goroutine-19", "chan receive", 0, Map.of("job", "q1"), List.of(RECV, WORKER), SPAWN, 1, false),
                new GoroutineInfo(20, "goroutine-20", "chan receive", 0, Map.of(), List.of(RECV, WORKER), new Frame("x.Y.z", "", 0), 0, false)));
    }

    private static String render(DumpFormat f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sample().write(f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void debug2PrintsGoHeadersFramesAndCreators() throws IOException {
        assertThat(render(DumpFormat.DEBUG2)).isEqualTo("""
                goroutine 1 [running, locked to thread]:
                com.example.Main.main(...)
                \tMain.java:10

                goroutine 18 [chan receive, 2 minutes]:
                io.gmp4j.Chan.recv(...)
                \tChan.java:236
                com.example.Worker.run(...)
                \tWorker.java:42
                created by com.example.Main.start in goroutine 1
                \tMain.java:7

                goroutine 19 [chan receive]:
                io.gmp4j.Chan.recv(...)
                \tChan.java:236
                com.example.Worker.run(...)
                \tWorker.java:42
                created by com.example.Main.start in goroutine 1
                \tMain.java:7

                goroutine 20 [chan receive]:
                io.gmp4j.Chan.recv(...)
                \tChan.java:236
                com.example.Worker.run(...)
                \tWorker.java:42
                created by x.Y.z
                \t?
                """);
    }

    @Test
    void debug1GroupsIdenticalStacksWithLabelsMostFrequentFirst() throws IOException {
        String text = render(DumpFormat.DEBUG1);
        String recv = "0x" + Long.toHexString(Debug1Writer.address(RECV));
        String worker = "0x" + Long.toHexString(Debug1Writer.address(WORKER));
        String main = "0x" + Long.toHexString(Debug1Writer.address(MAIN));
        assertThat(text).isEqualTo("goroutine profile: total 4\n"
                + "2 @ " + recv + " " + worker + "\n"
                + "# labels: {\"job\":\"q1\"}\n"
                + "#\t" + recv + "\tio.gmp4j.Chan.recv+0x0\tChan.java:236\n"
                + "#\t" + worker + "\tcom.example.Worker.run+0x0\tWorker.java:42\n"
                + "\n"
                + "1 @ " + main + "\n"
                + "#\t" + main + "\tcom.example.Main.main+0x0\tMain.java:10\n"
                + "\n"
                + "1 @ " + recv + " " + worker + "\n"
                + "#\t" + recv + "\tio.gmp4j.Chan.recv+0x0\tChan.java:236\n"
                + "#\t" + worker + "\tcom.example.Worker.run+0x0\tWorker.java:42\n"
                + "\n");
        assertThat(recv).isNotEqualTo(worker).isNotEqualTo(main);
    }

    @Test
    void frameAddressesAreStableAndDistinguishLines() {
        assertThat(Debug1Writer.address(RECV)).isEqualTo(Debug1Writer.address(new Frame("io.gmp4j.Chan.recv", "Chan.java", 236)));
        assertThat(Debug1Writer.address(RECV)).isNotEqualTo(Debug1Writer.address(new Frame("io.gmp4j.Chan.recv", "Chan.java", 237)));
    }

    @Test
    void labelsAreQuotedAndSortedAsGoPrintsThem() {
        assertThat(Debug1Writer.labels(Map.of("b", "x\"y", "a", "1\n2"))).isEqualTo("{\"a\":\"1\\n2\", \"b\":\"x\\\"y\"}");
    }

    @Test
    void foldedListsEachDistinctStackOutermostFirstWithItsCount() throws IOException {
        assertThat(render(DumpFormat.FOLDED)).isEqualTo("""
                com.example.Main.main 1
                com.example.Worker.run;io.gmp4j.Chan.recv 3
                """);
        GoroutineInfo collected = new GoroutineInfo(5, "g", "unknown (collected)", 0, Map.of(), List.of(), null, 0, false);
        assertThat(FoldedWriter.fold(collected)).isEqualTo("[unknown_(collected)]");
    }

    @Test
    void jsonFollowsItsDocumentedSchema() throws IOException {
        JsonNode root = new ObjectMapper().readTree(render(DumpFormat.JSON));
        assertThat(root.get("format").asText()).isEqualTo("gmp4j-goroutines");
        assertThat(root.get("version").asInt()).isEqualTo(1);
        assertThat(root.get("takenAt").asText()).isEqualTo("2026-11-27T01:00:00Z");
        assertThat(root.get("total").asInt()).isEqualTo(4);
        JsonNode g18 = root.get("goroutines").get(1);
        assertThat(g18.get("id").asLong()).isEqualTo(18);
        assertThat(g18.get("state").asText()).isEqualTo("chan receive");
        assertThat(g18.get("waitMinutes").asLong()).isEqualTo(2);
        assertThat(g18.get("labels").get("job").asText()).isEqualTo("q1");
        assertThat(g18.get("creatorId").asLong()).isEqualTo(1);
        assertThat(g18.get("createdBy").get("function").asText()).isEqualTo("com.example.Main.start");
        assertThat(g18.get("frames").get(0).get("file").asText()).isEqualTo("Chan.java");
        assertThat(g18.get("frames").get(0).get("line").asInt()).isEqualTo(236);
        assertThat(root.get("goroutines").get(0).get("createdBy").isNull()).isTrue();
        assertThat(root.get("goroutines").get(0).get("lockedToThread").asBoolean()).isTrue();
    }
}
