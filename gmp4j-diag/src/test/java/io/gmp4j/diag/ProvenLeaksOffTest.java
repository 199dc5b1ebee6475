package io.gmp4j.diag;

import io.gmp4j.diag.pprof.Profile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without gmp4j's JVM option no leak can be proven, and the leak detector says so where it is
 * used: one logged warning per JVM, and a comment in every goroutineleak profile. The end-to-end
 * checks run {@link ProvenLeaksOffProgram} in a fresh JVM on the test class path without the
 * option; the profile writers' comments are also checked in this JVM.
 */
class ProvenLeaksOffTest {
    private static final String WARNING = "cannot see proven goroutine leaks in this JVM";
    private static final String COMMENT = "gmp4j: proven-leak detection is off in this JVM, so this profile lists no leak: ";
    private static final String CLASS_PATH_OPTION = "--add-opens java.base/java.lang=ALL-UNNAMED";
    private static final String README_SECTION = "\"Use gmp4j in your project\"";

    @TempDir
    static Path dir;
    private static String out = "";
    private static String err = "";

    @BeforeAll
    static void runTheProgramWithoutTheOption() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, ProvenLeaksOffProgram.class.getName(), dir.toString()).start();
        p.getOutputStream().close();
        byte[][] errBytes = new byte[1][];
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                errBytes[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                errBytes[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the child JVM finished").isTrue();
        drain.join();
        err = new String(errBytes[0], StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
    }

    @Test
    void theLeaksAreAliveWhileEveryEntryPointFindsNone() {
        assertThat(out).contains("mode=JDK_DEFAULT", "collectNow=0", "collectNowAgain=0", "provenLeaks=0",
                "provenLeakCount=0", "leakSnapshot=0", "stillBlocked=3").doesNotContain("reported=");
    }

    @Test
    void oneWarningIsLoggedNamingTheEntryPointTheReasonTheClassPathOptionAndTheReadme() {
        assertThat(Pattern.compile(Pattern.quote(WARNING)).matcher(err).results().count()).as(err).isEqualTo(1);
        String line = err.lines().filter(l -> l.contains(WARNING)).findFirst().orElseThrow();
        assertThat(line).as("logged at WARNING by java.util.logging's default format").startsWith("WARNING: gmp4j: LeakDetector.collectNow() "
                + WARNING + ": proven-leak detection is off, so collectNow() and provenLeaks() stay empty and the goroutineleak"
                + " profile says total 0");
        assertThat(line).contains("the JDK's root thread container keeps every virtual thread", CLASS_PATH_OPTION, README_SECTION)
                .doesNotContain("=io.gmp4j.core");
    }

    @Test
    void theDebug1ProfileSaysItInACommentThatGmp4jsParserSkips() throws Exception {
        String text = Files.readString(dir.resolve("goroutineleak.debug1"));
        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).isEqualTo("goroutineleak profile: total 0");
        assertThat(lines.get(1)).startsWith("# " + COMMENT).contains(CLASS_PATH_OPTION, README_SECTION);
        assertThat(Snapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).goroutines()).isEmpty();
    }

    @Test
    void theDebug2ProfileOpensWithTheComment() throws Exception {
        String text = Files.readString(dir.resolve("goroutineleak.debug2"));
        assertThat(text).startsWith("# " + COMMENT).contains(CLASS_PATH_OPTION).endsWith("\n");
        assertThat(text.lines().count()).isEqualTo(1);
    }

    @Test
    void thePprofProfileCarriesItAsAProfileComment() throws Exception {
        Profile p;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("goroutineleak.pprof")))) {
            p = Profile.parseFrom(in);
        }
        assertThat(p.getStringTable((int) p.getSampleType(0).getType())).isEqualTo("goroutineleak");
        assertThat(p.getSampleCount()).isZero();
        assertThat(p.getCommentList()).hasSize(1);
        assertThat(p.getStringTable((int) p.getComment(0))).startsWith(COMMENT).contains(CLASS_PATH_OPTION, README_SECTION);
    }

    @Test
    void goToolPprofReadsBothProfilesAndShowsTheComment() throws Exception {
        Optional<Path> go = PprofWriterTest.findGo();
        assumeTrue(go.isPresent(), "no Go toolchain here (CI installs golang-1.19-go)");
        Path work = Files.createDirectories(dir.resolve("go"));
        String comments = PprofWriterTest.run(go.get(), work, "tool", "pprof", "-comments", dir.resolve("goroutineleak.pprof").toString());
        assertThat(comments).contains(COMMENT).contains(CLASS_PATH_OPTION);
        String top = PprofWriterTest.run(go.get(), work, "tool", "pprof", "-top", dir.resolve("goroutineleak.debug1").toString());
        assertThat(top).contains("Type: goroutineleak").contains("of 0 total");
    }

    // ---------------------------------------------------------------------------------------------
    // The writers' comments, in this JVM (where leaks can be proven: the comment is given)

    private static final Frame SEND = new Frame("io.gmp4j.Chan.send", "Chan.java", 120);
    private static final Frame WORKER = new Frame("com.example.Worker.run", "Worker.java", 42);

    private static Snapshot twoLeaks() {
        return Snapshot.of(Instant.parse("2026-11-27T01:00:00Z"), List.of(
                new GoroutineInfo(1, "g1", "chan send (leaked)", 0, Map.of(), List.of(SEND, WORKER), null, 0, false),
                new GoroutineInfo(2, "g2", "chan send (leaked)", 0, Map.of("k", "v"), List.of(SEND, WORKER), null, 0, false)));
    }

    @Test
    void aCommentedDebug1ProfileWithEntriesReadsBackWhole() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        LeakDetector.writeProfile(twoLeaks(), DumpFormat.DEBUG1, buf, COMMENT + "because");
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("goroutineleak profile: total 2\n# " + COMMENT + "because\n\n");
        Snapshot back = Snapshot.parse(new ByteArrayInputStream(buf.toByteArray()));
        assertThat(back.goroutines()).extracting(GoroutineInfo::frames).containsExactly(List.of(SEND, WORKER), List.of(SEND, WORKER));
        assertThat(back.goroutines()).extracting(GoroutineInfo::labels).containsExactlyInAnyOrder(Map.of(), Map.of("k", "v"));

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        LeakDetector.writeProfile(twoLeaks(), DumpFormat.DEBUG1, plain, null);
        assertThat(plain.toString(StandardCharsets.UTF_8)).doesNotContain("# gmp4j").startsWith("goroutineleak profile: total 2\n");
    }

    @Test
    void commentsMayStandBeforeTheHeaderAndBetweenEntriesButAFrameAfterABlankLineIsStillAnError() throws Exception {
        String frames = "#\t0x400001\tio.gmp4j.Chan.send+0x0\tChan.java:120\n";
        String text = "# made by hand\n\ngoroutine profile: total 3\n# a comment\n\n2 @ 0x400001\n" + frames
                + "\n# between entries\n1 @ 0x400001\n" + frames;
        assertThat(Snapshot.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).goroutines()).hasSize(3);
        String broken = "goroutine profile: total 1\n1 @ 0x400001\n\n" + frames;
        assertThatThrownBy(() -> Snapshot.parse(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(DumpParseException.class).hasMessageContaining("expected an entry");
    }

    @Test
    void aCommentedPprofProfileKeepsItsSamples() throws Exception {
        Profile p = PprofWriter.build(twoLeaks(), "goroutineleak", List.of(COMMENT + "because"));
        assertThat(p.getCommentList()).hasSize(1);
        assertThat(p.getStringTable((int) p.getComment(0))).isEqualTo(COMMENT + "because");
        assertThat(p.getSampleList().stream().mapToLong(s -> s.getValue(0)).sum()).isEqualTo(2);
        assertThat(PprofWriter.build(twoLeaks(), "goroutineleak").getCommentCount()).isZero();
    }

    @Test
    void theWarningAndTheCommentAreOneLineEach() {
        String why = "the JDK keeps every thread\nand more; run java with X";
        assertThat(ProvenLeakDetection.comment(why)).doesNotContain("\n").endsWith("every thread and more; run java with X");
        Matcher m = Pattern.compile("^gmp4j: LeakDetector.provenLeaks\\(\\) " + Pattern.quote(WARNING) + ": .*; (.*)$")
                .matcher(ProvenLeakDetection.warning("LeakDetector.provenLeaks()", "why"));
        assertThat(m.matches()).isTrue();
        assertThat(m.group(1)).isEqualTo("why");
    }
}
