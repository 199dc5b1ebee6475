package io.gmp4j.jcstress;

import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One jcstress test's outcome counts, summed over every configuration it ran in (forks, JVM
 * flags, compilation modes), as graded by jcstress against the test's {@code @Outcome}s.
 *
 * @param test            the test class's name
 * @param configurations  how many configurations ran it
 * @param samples         outcomes recorded
 * @param forbidden       of which graded FORBIDDEN, or matched by no outcome (jcstress fails the
 *                        test when non-zero)
 * @param interesting     of which graded ACCEPTABLE_INTERESTING
 * @param forbiddenStates each forbidden state seen, with its count
 * @param errors          configurations that did not run normally (a crash, a time-out, an API
 *                        mismatch), with jcstress's messages
 */
record JcstressTally(String test, int configurations, long samples, long forbidden, long interesting,
                     Map<String, Long> forbiddenStates, List<String> errors) {

    /** Reads a jcstress result file (jcstress-results-*.bin.gz) into tallies by test name. */
    static Map<String, JcstressTally> readAll(Path resultFile) throws IOException {
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(resultFile.toString(), collector);
        try {
            reader.dump();
        } catch (ClassNotFoundException e) {
            throw new IOException("result file from another jcstress version? " + resultFile, e);
        } finally {
            reader.close();
        }
        Map<String, List<TestResult>> byTest = new TreeMap<>();
        for (TestResult r : collector.getTestResults()) {
            byTest.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
        }
        Map<String, JcstressTally> tallies = new TreeMap<>();
        byTest.forEach((name, results) -> tallies.put(name, of(name, results)));
        return tallies;
    }

    private static JcstressTally of(String test, List<TestResult> results) {
        long samples = 0;
        long forbidden = 0;
        long interesting = 0;
        Map<String, Long> forbiddenStates = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (TestResult r : results) {
            if (r.status() != Status.NORMAL) {
                errors.add(r.status() + " " + r.getConfig().jvmArgs + ": " + String.join(" | ", r.getMessages())
                        + (r.getVmErr().isEmpty() ? "" : " | stderr: " + String.join(" | ", r.getVmErr())));
                continue;
            }
            samples += r.getTotalCount();
            for (GradingResult g : r.grading().gradingResults.values()) {
                // UNKNOWN: a state no @Outcome matches, which jcstress fails like a forbidden one.
                if ((g.expect == Expect.FORBIDDEN || g.expect == Expect.UNKNOWN) && g.count > 0) {
                    forbidden += g.count;
                    forbiddenStates.merge(g.id, g.count, Long::sum);
                } else if (g.expect == Expect.ACCEPTABLE_INTERESTING) {
                    interesting += g.count;
                }
            }
        }
        return new JcstressTally(test, results.size(), samples, forbidden, interesting, forbiddenStates, errors);
    }

    /** One line for a report: {@code forbidden 0 of 2,345,678 (1 configuration)}. */
    String summary() {
        return String.format("forbidden %,d of %,d%s%s (%d configuration%s)%s", forbidden, samples,
                forbiddenStates.isEmpty() ? "" : " " + forbiddenStates,
                interesting == 0 ? "" : String.format(", interesting %,d", interesting),
                configurations, configurations == 1 ? "" : "s",
                errors.isEmpty() ? "" : ", " + errors.size() + " in error");
    }
}
