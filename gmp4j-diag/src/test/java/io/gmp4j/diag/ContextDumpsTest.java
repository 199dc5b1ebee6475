package io.gmp4j.diag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.example.ctxsites.ContextSitesProbe;
import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Select;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contexts in dumps of live goroutines: a goroutine waiting on {@code ctx.Done()} (alone or in a
 * select) and one started with {@code Go.go(name, ctx, body)} show their contexts in debug=2, JSON
 * and proven-leak reports, with Go's wait reason unchanged; where contexts were made shows in
 * {@code -Dgmp4j.creationSite=stack} mode (a child JVM).
 */
class ContextDumpsTest {
    private static final LeakDetector D = LeakDetector.global();
    /** Go's time.Time.String() in UTC, then the time left. */
    private static final String GO_DEADLINE = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})? \\+0000 UTC \\[[0-9hms.]+\\]";

    private static void awaitBlockedIn(Goroutine g, String reason) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (g.state() != GoroutineState.WAITING || !reason.equals(g.waitReason())) {
            assertThat(System.nanoTime()).as("%s blocks in %s", g, reason).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String write(Snapshot s, DumpFormat f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(f, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static GoroutineInfo of(Snapshot s, Goroutine g) {
        return s.goroutines().stream().filter(x -> x.id() == g.id()).findFirst().orElseThrow();
    }

    private static JsonNode jsonOf(String json, Goroutine g) throws IOException {
        for (JsonNode n : new ObjectMapper().readTree(json).get("goroutines")) {
            if (n.get("id").asLong() == g.id()) {
                return n;
            }
        }
        throw new AssertionError("goroutine " + g.id() + " is not in the JSON dump");
    }

    @Test
    void aGoroutineWaitingOnTheDoneChannelOfATimeoutContextShowsItInEveryDump() throws Exception {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(30));
        Goroutine g = Go.go("waits-for-timeout", () -> ctx.done().recv());
        awaitBlockedIn(g, "chan receive");
        Snapshot s = Snapshot.capture();
        GoroutineInfo info = of(s, g);
        assertThat(info.state()).as("Go's wait reason stays").isEqualTo("chan receive");
        assertThat(info.context()).isNull();
        assertThat(info.waitContexts()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("WithTimeout");
            assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(30));
            assertThat(c.deadline()).isEqualTo(ctx.deadline().orElseThrow());
            assertThat(c.description()).matches("context\\.Background\\.WithDeadline\\(" + GO_DEADLINE + "\\)");
            assertThat(c.err()).isNull();
        });

        String debug2 = write(s, DumpFormat.DEBUG2);
        assertThat(debug2).contains("goroutine " + g.id() + " [chan receive]:\n");
        Matcher line = Pattern.compile("(?m)^# goroutine " + g.id() + " waits on ctx\\.Done\\(\\): context=\"context\\.Background\\.WithDeadline\\("
                + GO_DEADLINE + "\\)\" kind=WithTimeout deadline=" + Pattern.quote(ctx.deadline().orElseThrow().toString()) + " timeout=30m0s$").matcher(debug2);
        assertThat(line.find()).as(debug2).isTrue();
        Snapshot back = Snapshot.parse(new ByteArrayInputStream(debug2.getBytes(StandardCharsets.UTF_8)));
        assertThat(of(back, g).waitContexts()).isEqualTo(info.waitContexts());
        assertThat(write(back, DumpFormat.DEBUG2)).isEqualTo(debug2);

        JsonNode n = jsonOf(write(s, DumpFormat.JSON), g);
        assertThat(n.get("state").asText()).isEqualTo("chan receive");
        assertThat(n.get("waitContexts").get(0).get("kind").asText()).isEqualTo("WithTimeout");
        assertThat(n.get("waitContexts").get(0).get("timeout").asText()).isEqualTo("30m0s");
        assertThat(n.get("waitContexts").get(0).get("deadline").asText()).isEqualTo(ctx.deadline().orElseThrow().toString());
        ctx.cancel();
        assertThat(g.join(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aSelectWithCtxDoneAmongItsCasesShowsThatContext() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> jobs = Chan.make();
        Goroutine g = Go.go(() -> Select.create().recv(jobs, v -> { }).recv(ctx.done(), v -> { }).select());
        awaitBlockedIn(g, "select");
        Snapshot s = Snapshot.capture();
        assertThat(of(s, g).state()).isEqualTo("select");
        assertThat(of(s, g).waitContexts()).extracting(ContextInfo::kind).containsExactly("WithCancel");
        assertThat(write(s, DumpFormat.DEBUG2)).contains("# goroutine " + g.id() + " waits on ctx.Done(): context=\"context.Background.WithCancel\" kind=WithCancel\n");
        ctx.cancel();
        assertThat(g.join(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aGoroutineStartedWithANamedContextShowsItAndItsCauseOnceCancelled() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> release = Chan.make();
        Goroutine g = Go.go("ctx-worker", ctx, c -> release.recv());
        awaitBlockedIn(g, "chan receive");
        GoroutineInfo live = of(Snapshot.capture(), g);
        assertThat(live.name()).isEqualTo("ctx-worker");
        assertThat(live.waitContexts()).isEmpty();
        assertThat(live.context()).isEqualTo(new ContextInfo("context.Background.WithCancel", "WithCancel", null, null, null, null, null));

        ctx.cancel(new IllegalStateException("shutting down"));
        Snapshot s = Snapshot.capture();
        assertThat(of(s, g).context().err()).isEqualTo("context canceled");
        assertThat(of(s, g).context().cause()).isEqualTo("java.lang.IllegalStateException: shutting down");
        assertThat(write(s, DumpFormat.DEBUG2)).contains("# goroutine " + g.id() + " started with ctx: context=\"context.Background.WithCancel\""
                + " kind=WithCancel err=\"context canceled\" cause=\"java.lang.IllegalStateException: shutting down\"\n");
        JsonNode n = jsonOf(write(s, DumpFormat.JSON), g);
        assertThat(n.get("name").asText()).isEqualTo("ctx-worker");
        assertThat(n.get("context").get("cause").asText()).isEqualTo("java.lang.IllegalStateException: shutting down");
        release.send(1);
        assertThat(g.join(Duration.ofSeconds(10))).isTrue();
    }

    /** In its own frame: the goroutine's context has a live timer, but nothing reaches the channel it sends on. */
    private static void leakSenderStartedWithATimeout(String name) {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1));
        Chan<Integer> nobodyReceives = Chan.make();
        Go.go(name, ctx, c -> nobodyReceives.send(1));
    }

    /** Go's "lost cancel": the goroutine waits on the done channel of a context nobody can cancel. */
    private static void leakWaiterOnALostCancel(String name) {
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.go(name, () -> ctx.done().recv());
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
    void leakReportsShowTheContextALeakWasStartedWithAndTheOneItWaitedOn() throws Exception {
        D.logReports(false);
        try {
            leakSenderStartedWithATimeout("ctx-leak-sender");
            leakWaiterOnALostCancel("ctx-leak-waiter");
            LeakReport sender = provenLeak("ctx-leak-sender");
            LeakReport waiter = provenLeak("ctx-leak-waiter");

            assertThat(sender.waitReason()).isEqualTo("chan send");
            assertThat(sender.waitContexts()).isEmpty();
            assertThat(sender.context()).hasValueSatisfying(c -> {
                assertThat(c.kind()).isEqualTo("WithTimeout");
                assertThat(c.timeout()).isEqualTo(Duration.ofHours(1));
                assertThat(c.deadline()).isNotNull();
                assertThat(c.description()).matches("context\\.Background\\.WithDeadline\\(" + GO_DEADLINE + "\\)");
            });
            assertThat(sender.toString()).containsPattern("\n  started with ctx context\\.Background\\.WithDeadline\\(" + GO_DEADLINE
                    + "\\) \\(timeout 1h0m0s\\)\n");

            assertThat(waiter.waitReason()).isEqualTo("chan receive");
            assertThat(waiter.context()).isEmpty();
            assertThat(waiter.waitContexts()).extracting(ContextInfo::kind).containsExactly("WithCancel");
            assertThat(waiter.waitedOn()).matches("ctx\\.Done\\(\\) of context\\.Background\\.WithCancel \\(chan#\\d+\\)");
            assertThat(waiter.toString()).contains("  blocked on ctx.Done() of context.Background.WithCancel (chan#");

            ByteArrayOutputStream profile = new ByteArrayOutputStream();
            D.writeProfile(DumpFormat.DEBUG2, profile);
            String text = profile.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("# goroutine " + sender.goroutineId() + " started with ctx: context=\"context.Background.WithDeadline(",
                    "# goroutine " + waiter.goroutineId() + " waits on ctx.Done(): context=\"context.Background.WithCancel\" kind=WithCancel\n");
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            D.writeProfile(DumpFormat.JSON, json);
            JsonNode leaked = null;
            for (JsonNode n : new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8)).get("goroutines")) {
                if (n.get("id").asLong() == sender.goroutineId()) {
                    leaked = n;
                }
            }
            assertThat(leaked).isNotNull();
            assertThat(leaked.get("context").get("timeout").asText()).isEqualTo("1h0m0s");
        } finally {
            D.logReports(true);
        }
    }

    @Test
    void withCreationSitesCapturedEveryDumpNamesWhereTheContextWasMade() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp4j.creationSite=stack", "-cp", cp, ContextSitesProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        String waitSite = "com.example.ctxsites.ContextSitesProbe.main(ContextSitesProbe.java:" + value(out, "waitLine") + ")";
        String leakSite = "com.example.ctxsites.ContextSitesProbe.leak(ContextSitesProbe.java:" + value(out, "leakLine") + ")";
        String debug2 = section(out, "DEBUG2");
        assertThat(debug2).containsPattern("(?m)^# goroutine " + value(out, "waiter") + " waits on ctx\\.Done\\(\\): context=\".*\" kind=WithTimeout "
                + "deadline=\\S+ timeout=30m0s made_at=" + Pattern.quote(waitSite) + "$");
        JsonNode waiter = null;
        for (JsonNode n : new ObjectMapper().readTree(section(out, "JSON")).get("goroutines")) {
            if (n.get("id").asText().equals(value(out, "waiter"))) {
                waiter = n;
            }
        }
        assertThat(waiter).as(out).isNotNull();
        JsonNode at = waiter.get("waitContexts").get(0).get("createdAt");
        assertThat(at.get("function").asText()).isEqualTo("com.example.ctxsites.ContextSitesProbe.main");
        assertThat(at.get("line").asText()).isEqualTo(value(out, "waitLine"));
        assertThat(section(out, "LEAK")).contains("  started with ctx context.Background.WithDeadline(", "(timeout 1h0m0s, made at " + leakSite + ")");
    }

    private static String value(String out, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(\\S+)$").matcher(out);
        assertThat(m.find()).as("%s in %s", key, out).isTrue();
        return m.group(1);
    }

    private static String section(String out, String name) {
        int from = out.indexOf("=====" + name + "\n");
        assertThat(from).as("section %s in %s", name, out).isNotNegative();
        int to = out.indexOf("=====", from + 6 + name.length());
        return out.substring(from + 6 + name.length(), to < 0 ? out.length() : to);
    }
}
