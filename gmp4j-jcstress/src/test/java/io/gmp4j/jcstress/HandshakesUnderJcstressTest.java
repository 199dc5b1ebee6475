package io.gmp4j.jcstress;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Runs this module's jcstress tests (the scheduler's handshakes in {@code io.gmp4j.internal.sched},
 * the goroutine record's wait-epoch publication in {@code io.gmp4j.internal.g}) and checks the
 * verdicts: every real handshake passes, its forbidden outcomes never seen, and every
 * {@link WeakenedTwin} fails, one of its forbidden outcomes seen. A twin that jcstress does not
 * catch means the run was too short or the test cannot see the ordering it is about; either way
 * the real test's pass would prove nothing, so that is a failure too.
 *
 * <p>Default: a short run (40-60 s on a 2-CPU machine). Under {@code -Pstress}
 * ({@code gmp4j.stress=true}), jcstress's default mode (about 5 minutes per test). The verdicts
 * and counts go to {@code target/jcstress/<mode>/summary.txt}, beside each jcstress run's log,
 * HTML report and command line (to repeat it by hand, longer).
 */
class HandshakesUnderJcstressTest {
    /*
     * Implementation notes.
     *
     * Short mode: -m quick with one iteration per test (-iters 1), of 1 s for real tests and of
     * the twin's shortRunSeconds for twins; one JVM configuration (-jvmArgs turns off jcstress's
     * probing of JIT configurations), compiled as a whole (-sc false), no heap pre-touch. Each
     * distinct time is a jcstress run of its own: jcstress takes ~8 s to probe the JVM, then
     * ~2.5 s per test beyond its iteration (a fork and its warm-up). One iteration of 1 s gives
     * more samples than quick's five of 200 ms (1-3 million here: the per-iteration set-up
     * dominates short iterations). With these times every twin was caught in each of 10 repeated
     * runs, the rarest 43 times (README.md has the figures).
     *
     * Stress mode: -m default, jcstress's own choice: every probed JVM configuration (default, and
     * C2 with its scheduling randomizers), split compilation (each actor interpreted, C1 or C2),
     * 5 iterations of 1 s, the C2-stress configurations forked 5 times: ~26-34 forks per test.
     * Some configurations never show a twin's reordering (HandoffHandshakeReleaseBusy: none in which
     * C1 compiled the M's actor); the verdict is over all of them together, as jcstress's is.
     *
     * gmp4j's JVM options go to the forks (see JcstressLauncher). The scheduler classes under test
     * do not need them (nothing here starts a goroutine), but they are what gmp4j runs with.
     */
    private static final String PACKAGE = "io.gmp4j.internal.";
    private static final boolean STRESS = Boolean.getBoolean("gmp4j.stress");
    private static final String GMP4J_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    @TestFactory
    Stream<DynamicNode> realHandshakesHoldAndWeakenedTwinsAreCaught() throws Exception {
        HandshakeCatalog catalog = HandshakeCatalog.load(PACKAGE);
        assertThat(catalog.real()).as("real jcstress tests in " + PACKAGE).isNotEmpty();

        Path work = Path.of("target", "jcstress", STRESS ? "stress" : "short");
        deleteRecursively(work);
        Map<String, JcstressTally> tallies = new TreeMap<>();
        if (STRESS) {
            tallies.putAll(JcstressTally.readAll(JcstressLauncher.run(work, namesRegex(catalog.all()),
                    List.of("-m", "default", "-jvmArgsPrepend", GMP4J_OPENS), Duration.ofHours(4))));
        } else {
            for (Map.Entry<Integer, List<String>> group : catalog.byShortRunSeconds().entrySet()) {
                int seconds = group.getKey();
                tallies.putAll(JcstressTally.readAll(JcstressLauncher.run(work.resolve(seconds + "s"),
                        namesRegex(group.getValue()), shortModeArgs(seconds), Duration.ofMinutes(5))));
            }
        }
        writeSummary(work.resolve("summary.txt"), catalog, tallies);

        List<DynamicNode> checks = new ArrayList<>();
        checks.add(dynamicTest("every real handshake has a weakened twin",
                () -> assertThat(catalog.problems()).isEmpty()));
        for (String test : catalog.real()) {
            checks.add(dynamicTest(simpleName(test) + " holds", () -> {
                JcstressTally t = tally(tallies, test, work);
                assertThat(t.forbidden()).as(test + ": " + t.summary()).isZero();
            }));
        }
        catalog.twins().forEach((test, twin) -> checks.add(dynamicTest(
                simpleName(test) + " (" + twin.weakened() + ") is caught", () -> {
                    JcstressTally t = tally(tallies, test, work);
                    assertThat(t.forbidden()).as(test + ": " + t.summary()
                            + "; jcstress did not catch the weakened twin (see " + work + ")").isPositive();
                })));
        return checks.stream();
    }

    private static List<String> shortModeArgs(int seconds) {
        return List.of("-m", "quick", "-iters", "1", "-time", String.valueOf(seconds * 1000), "-sc", "false",
                "-pth", "false", "-jvmArgs", GMP4J_OPENS);
    }

    /** jcstress's -t: a regular expression for exactly these classes. */
    private static String namesRegex(List<String> classNames) {
        return classNames.stream().map(n -> n.replace(".", "\\.")).collect(Collectors.joining("|", "^(", ")$"));
    }

    /** The test's tally, which must exist and come from runs without errors. */
    private static JcstressTally tally(Map<String, JcstressTally> tallies, String test, Path work) {
        JcstressTally t = tallies.get(test);
        assertThat(t).as(test + " has no jcstress result; see the jcstress.log files under " + work).isNotNull();
        assertThat(t.errors()).as(test + " did not run cleanly").isEmpty();
        assertThat(t.samples()).as(test + " samples").isPositive();
        return t;
    }

    private static void writeSummary(Path file, HandshakeCatalog catalog, Map<String, JcstressTally> tallies)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("jcstress " + (STRESS ? "stress" : "short") + " run; real tests must show no forbidden outcome,"
                + " weakened twins must show one.");
        for (String test : catalog.real()) {
            lines.add(String.format("real   %-52s %s", simpleName(test), describe(tallies.get(test))));
        }
        catalog.twins().forEach((test, twin) -> lines.add(String.format("twin   %-52s %s   [weakened: %s]",
                simpleName(test), describe(tallies.get(test)), twin.weakened())));
        Files.write(file, lines);
        lines.forEach(System.out::println);
    }

    private static String describe(JcstressTally t) {
        return t == null ? "no result" : t.summary();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
