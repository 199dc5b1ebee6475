package io.gmp4j.diag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contexts in dumps, on hand-built snapshots: the debug=2 context lines (exact text, read back
 * exactly, skipped where Go's readers skip them), the JSON fields, and malformed context lines.
 */
class ContextLinesTest {
    private static final Frame RECV = new Frame("io.gmp4j.Chan.recv", "Chan.java", 236);
    private static final Frame SEND = new Frame("io.gmp4j.Chan.send", "Chan.java", 180);
    private static final Frame SPAWN = new Frame("com.example.Api.handle", "Api.java", 42);
    private static final ContextInfo TIMEOUT = new ContextInfo(
            "context.Background.WithDeadline(2026-12-02 17:00:01.5 +0000 UTC [1.5s])", "WithTimeout",
            Instant.parse("2026-12-02T17:00:01.500Z"), Duration.ofSeconds(2), new Frame("com.example.Api.handle", "Api.java", 40),
            null, null);
    private static final ContextInfo CANCELLED = new ContextInfo(
            "context.Background.WithValue(user, alice).WithCancel", "WithCancel", null, null, null,
            "context canceled", "java.io.IOException: client \"gone\"\n\tat nowhere");

    private static Snapshot sample() {
        return Snapshot.of(Instant.parse("2026-12-02T17:00:00Z"), List.of(
                new GoroutineInfo(1, "goroutine-1", "running", 0, Map.of(), List.of(new Frame("com.example.Main.main", "Main.java", 10)), null, 0, false),
                new GoroutineInfo(18, "goroutine-18", "chan receive", 0, Map.of(), List.of(RECV), SPAWN, 1, false, List.of(TIMEOUT), null),
                new GoroutineInfo(19, "goroutine-19", "select", 3, Map.of(), List.of(RECV), SPAWN, 1, false, List.of(TIMEOUT, CANCELLED), CANCELLED),
                new GoroutineInfo(20, "goroutine-20", "chan send", 0, Map.of(), List.of(SEND), null, 0, false, List.of(), TIMEOUT)));
    }

    private static String write(Snapshot s, DumpFormat f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Snapshot parse(String text) throws Exception {
        return Snapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String TIMEOUT_FIELDS = "context=\"context.Background.WithDeadline(2026-12-02 17:00:01.5 +0000 UTC [1.5s])\""
            + " kind=WithTimeout deadline=2026-12-02T17:00:01.500Z timeout=2s made_at=com.example.Api.handle(Api.java:40)";
    private static final String CANCELLED_FIELDS = "context=\"context.Background.WithValue(user, alice).WithCancel\" kind=WithCancel"
            + " err=\"context canceled\" cause=\"java.io.IOException: client \\\"gone\\\"\\n\\tat nowhere\"";

    @Test
    void debug2WritesEachContextAsALineAfterItsGoroutinesBlock() throws IOException {
        assertThat(write(sample(), DumpFormat.DEBUG2)).isEqualTo("""
                goroutine 1 [running]:
                com.example.Main.main(...)
                \tMain.java:10

                goroutine 18 [chan receive]:
                io.gmp4j.Chan.recv(...)
                \tChan.java:236
                created by com.example.Api.handle in goroutine 1
                \tApi.java:42

                # goroutine 18 waits on ctx.Done(): %1$s

                goroutine 19 [select, 3 minutes]:
                io.gmp4j.Chan.recv(...)
                \tChan.java:236
                created by com.example.Api.handle in goroutine 1
                \tApi.java:42

                # goroutine 19 waits on ctx.Done(): %1$s
                # goroutine 19 waits on ctx.Done(): %2$s
                # goroutine 19 started with ctx: %2$s

                goroutine 20 [chan send]:
                io.gmp4j.Chan.send(...)
                \tChan.java:180

                # goroutine 20 started with ctx: %1$s
                """.formatted(TIMEOUT_FIELDS, CANCELLED_FIELDS));
    }

    @Test
    void debug2WithContextLinesReadsBackExactlyAndWritesTheSameText() throws Exception {
        String text = write(sample(), DumpFormat.DEBUG2);
        Snapshot back = parse(text);
        assertThat(back.goroutines()).isEqualTo(sample().goroutines());
        assertThat(write(back, DumpFormat.DEBUG2)).isEqualTo(text);
    }

    @Test
    void contextLinesAreSkippedWhereGosReadersSkipThemAndOtherCommentsAreIgnored() throws Exception {
        // What Go's readers of gmp4j's frames accept (gostackparse: any line between blocks that is
        // not a header is skipped): the context lines never sit inside a block, never start with
        // "goroutine ", and every block still ends with a blank line before them.
        String text = write(sample(), DumpFormat.DEBUG2);
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("# ")) {
                assertThat(lines.get(i - 1).isEmpty() || lines.get(i - 1).startsWith("# ")).as("line %d follows a blank line or a context line", i + 1).isTrue();
                assertThat(i + 1 == lines.size() || lines.get(i + 1).isEmpty() || lines.get(i + 1).startsWith("# ")).isTrue();
            }
        }
        // A reader that drops every line starting with '#' gets Go's dump of the same goroutines.
        String plain = String.join("\n", lines.stream().filter(l -> !l.startsWith("#")).toList()).replaceAll("\n{3,}", "\n\n") + "\n";
        assertThat(parse(plain).goroutines()).extracting(GoroutineInfo::id, GoroutineInfo::frames)
                .containsExactlyElementsOf(sample().goroutines().stream().map(g -> org.assertj.core.groups.Tuple.tuple(g.id(), g.frames())).toList());
        // Comments, a context line right after a block, and keys this version does not know.
        Snapshot s = parse("""
                goroutine 7 [chan receive]:
                main.worker(...)
                \tworker.go:31
                # goroutine 7 waits on ctx.Done(): context="context.Background.WithCancel" kind=WithCancel future_key=x
                # goroutine 7 something we do not know yet: a=b
                # a comment of a tool that annotates dumps

                goroutine 8 [running]:
                main.main(...)
                \tmain.go:3
                """);
        assertThat(s.goroutines()).hasSize(2);
        GoroutineInfo g = s.goroutines().getFirst();
        assertThat(g.frames()).containsExactly(new Frame("main.worker", "worker.go", 31));
        assertThat(g.waitContexts()).containsExactly(new ContextInfo("context.Background.WithCancel", "WithCancel", null, null, null, null, null));
        assertThat(g.context()).isNull();
    }

    @Test
    void jsonCarriesTheContextsAsFields() throws Exception {
        JsonNode root = new ObjectMapper().readTree(write(sample(), DumpFormat.JSON));
        assertThat(root.get("version").asInt()).isEqualTo(1);
        JsonNode g1 = root.get("goroutines").get(0);
        assertThat(g1.get("waitContexts").isEmpty()).isTrue();
        assertThat(g1.get("context").isNull()).isTrue();
        JsonNode g18 = root.get("goroutines").get(1);
        assertThat(g18.get("state").asText()).isEqualTo("chan receive");
        JsonNode c = g18.get("waitContexts").get(0);
        assertThat(c.get("description").asText()).isEqualTo(TIMEOUT.description());
        assertThat(c.get("kind").asText()).isEqualTo("WithTimeout");
        assertThat(c.get("deadline").asText()).isEqualTo("2026-12-02T17:00:01.500Z");
        assertThat(c.get("timeout").asText()).isEqualTo("2s");
        assertThat(c.get("createdAt").get("function").asText()).isEqualTo("com.example.Api.handle");
        assertThat(c.get("createdAt").get("line").asInt()).isEqualTo(40);
        assertThat(c.get("err").isNull()).isTrue();
        assertThat(c.get("cause").isNull()).isTrue();
        JsonNode g19 = root.get("goroutines").get(2);
        assertThat(g19.get("waitContexts")).hasSize(2);
        assertThat(g19.get("context").get("err").asText()).isEqualTo("context canceled");
        assertThat(g19.get("context").get("cause").asText()).isEqualTo(CANCELLED.cause());
        assertThat(g19.get("context").get("deadline").isNull()).isTrue();
        assertThat(g19.get("context").get("createdAt").isNull()).isTrue();
    }

    @Test
    void aSummaryReadsLikeTheRuntimesDescription() {
        assertThat(TIMEOUT.summary()).isEqualTo(TIMEOUT.description() + " (timeout 2s, made at com.example.Api.handle(Api.java:40))");
        assertThat(new ContextInfo("context.TODO", "TODO", null, null, null, null, null).summary()).isEqualTo("context.TODO");
    }

    @Test
    void goDurationsAreWrittenAndReadAsGoDoes() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(999), Duration.ofNanos(1_050), Duration.ofMillis(1),
                Duration.ofNanos(1_500_001), Duration.ofMillis(1500), Duration.ofSeconds(90), Duration.ofHours(1),
                Duration.ofSeconds(3 * 3600 + 2 * 60 + 1, 123_456_789), Duration.ofDays(400), Duration.ofMillis(-250))) {
            assertThat(GoDuration.parse(GoDuration.format(d))).as("%s as %s", d, GoDuration.format(d)).isEqualTo(d);
        }
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofNanos(2_500))).isEqualTo("2.5µs");
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("300us")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("-.5s")).isEqualTo(Duration.ofMillis(-500));
        for (String bad : List.of("", "s", "1", "1x", "1s2", ".s", "--1s", "1 s")) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static Stream<Arguments> malformedContextLines() {
        String block = "goroutine 7 [chan receive]:\nmain.worker(...)\n\tworker.go:31\n\n";
        return Stream.of(
                Arguments.of("unknown goroutine", block + "# goroutine 8 started with ctx: context=\"c\" kind=WithCancel\n", 5, "does not hold"),
                Arguments.of("no kind", block + "# goroutine 7 started with ctx: context=\"c\"\n", 5, "without its kind"),
                Arguments.of("no context", block + "# goroutine 7 started with ctx: kind=WithCancel\n", 5, "without its context"),
                Arguments.of("two started-with lines", block + "# goroutine 7 started with ctx: context=\"c\" kind=K\n"
                        + "# goroutine 7 started with ctx: context=\"c\" kind=K\n", 6, "second"),
                Arguments.of("unclosed quote", block + "# goroutine 7 waits on ctx.Done(): context=\"c kind=K\n", 5, "not closed"),
                Arguments.of("bad escape", block + "# goroutine 7 waits on ctx.Done(): context=\"c\\q\" kind=K\n", 5, "bad escape"),
                Arguments.of("not key=value", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind\n", 5, "key=value"),
                Arguments.of("repeated key", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K kind=L\n", 5, "twice"),
                Arguments.of("bad deadline", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K deadline=tomorrow\n", 5, "tomorrow"),
                Arguments.of("bad timeout", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K timeout=2 s\n", 5, "key=value"),
                Arguments.of("bad timeout unit", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K timeout=2d\n", 5, "not a Go duration"),
                Arguments.of("bad made_at", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K made_at=Api.java:40\n", 5, "function(file:line)"),
                Arguments.of("bad made_at line", block + "# goroutine 7 waits on ctx.Done(): context=\"c\" kind=K made_at=f(Api.java:4x)\n", 5, "is not a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedContextLines")
    void malformedContextLinesNameTheirLine(String what, String text, int line, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(DumpParseException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(message);
    }
}
