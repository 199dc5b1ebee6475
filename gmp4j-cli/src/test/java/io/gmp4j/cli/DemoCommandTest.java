package io.gmp4j.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void printsOneStatsLinePerSecondAndEveryKindOfWorkProgresses() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Main()).execute("demo", "--seconds", "3", "--goroutines", "1000");
        } finally {
            System.setOut(old);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.size()).isGreaterThan(7);
        assertThat(lines.get(0)).startsWith("gmp4j demo: 1000 goroutines").contains("scheduler GMP");
        assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).matches("t= ?\\d+s G=\\d+ .*\\| P0 .*\\| P1 .*"));
        String done = lines.get(4);
        assertThat(done).startsWith("done:").endsWith("goroutines left 0");
        for (String kind : List.of("hops", "sleeps", "bursts", "spawned", "hogs")) {
            assertThat(count(done, kind)).as(kind + " progressed: " + done).isPositive();
        }
        // The deliberate leaks (5/s by default): every one made is proven by the GC, and shown as Go's profile.
        Matcher leaks = Pattern.compile("leaks: (\\d+) made, (\\d+) proven by the GC").matcher(lines.get(5));
        assertThat(leaks.find()).as(lines.get(5)).isTrue();
        assertThat(Long.parseLong(leaks.group(1))).isPositive();
        assertThat(Long.parseLong(leaks.group(2))).isGreaterThanOrEqualTo(Long.parseLong(leaks.group(1)));
        assertThat(lines.get(6)).startsWith("  goroutineleak profile: total ");
        // Default mode: leaks show where they were started (the creation site) until a GC has proven
        // one from that site; later ones carry the stack where they blocked. Which of the two a
        // 3-second run shows depends on when the GCs came (LeakDetectorTest pins the rule down).
        assertThat(out).contains("# labels: {\"role\":\"leaky-fetch\"}");
        assertThat(out).containsAnyOf("io.gmp4j.cli.DemoWorkload.leakyCaller+0x0", "io.gmp4j.cli.DemoWorkload.lambda$leakyCaller$");
    }

    @Test
    void rejectsNonsenseOptions() {
        assertThat(new CommandLine(new Main()).execute("demo", "--seconds", "0")).isEqualTo(2);
        assertThat(new CommandLine(new Main()).execute("demo", "--seconds", "ten")).isNotZero();
    }

    private static long count(String line, String kind) {
        Matcher m = Pattern.compile(kind + " ([\\d,]+)").matcher(line);
        assertThat(m.find()).as(kind + " in " + line).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
