package io.gmp4j.internal.runtime;

import io.gmp4j.probes.FirstGoProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the first {@code Go.go} of a fresh JVM loads before its body runs, read from the child's
 * class-load log (no timing: docs/performance.md, "Cold start", has the figures and the harness).
 * Each denied class stands for a cost that the first start used to pay and no longer needs.
 */
class ColdStartTest {
    /**
     * Classes the first start must not load, each with the cost it stands for. Sysmon's system-call
     * view looks the JVM's thread MXBean up once a task has run half a hand-off threshold; the child
     * sets that threshold to a minute so that no slow first run (a loaded machine) brings it in.
     */
    private static final List<String[]> DENIED = List.of(
            new String[] {"java.lang.StackStreamFactory", "a stack walk (the creation site of a lambda comes from a stack trace)"},
            new String[] {"java.util.stream.", "a stream pipeline"},
            new String[] {"java.lang.invoke.StringConcatFactory", "a string concatenation with '+' (indy)"},
            new String[] {"jdk.internal.reflect.MethodHandleAccessorFactory", "a reflective call (Enum.valueOf)"},
            new String[] {"java.util.concurrent.atomic.Striped64", "a LongAdder"},
            new String[] {"java.lang.ScopedValue", "the fallback paths' scoped value"},
            new String[] {"io.gmp4j.spi.LeakSink", "the leak sink's service look-up"},
            new String[] {"java.lang.management.", "the thread MXBean"});

    /** One child's class-load log from the probe's main class to the body's mark: "NAME source: WHERE", in order. */
    private static List<String> loaded;

    @BeforeAll
    static void runTheFirstGoroutineInAFreshJvm(@TempDir Path dir) throws Exception {
        loaded = loadedUntilTheBodyRan(dir.resolve("class-load.log"));
    }

    private static List<String> loadedUntilTheBodyRan(Path log) throws Exception {
        ChildJvm.Result r = ChildJvm.run(FirstGoProbe.class, List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp4j.sysmon.handoff.ms=60000",
                "-Xlog:class+load=info:file=" + log));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("ran");
        assertThat(r.stderr()).doesNotContain("gmp4j:"); // GMP mode, no warning
        List<String> names = new ArrayList<>();
        boolean inMain = false;
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("[class,load] ");
            if (at < 0) {
                continue;
            }
            String rest = line.substring(at + "[class,load] ".length());
            String name = rest.substring(0, rest.indexOf(' '));
            if (name.equals(FirstGoProbe.class.getName())) {
                inMain = true;
            } else if (name.equals(FirstGoProbe.BodyRan.class.getName())) {
                return names;
            } else if (inMain) {
                names.add(name + " " + rest.substring(rest.indexOf(' ') + 1).strip());
            }
        }
        throw new AssertionError("the body's mark is not in the class-load log " + log);
    }

    @Test
    void theFirstGoroutineStartsWithoutWalkingTheStackReflectingConcatenatingOrLookingUpServices() throws Exception {
        List<String> offending = new ArrayList<>();
        for (String entry : loaded) {
            for (String[] denied : DENIED) {
                if (entry.startsWith(denied[0])) {
                    offending.add(entry + "  (" + denied[1] + ")");
                }
            }
        }
        assertThat(offending).as("classes the first Go.go should not need, loaded before its body ran").isEmpty();
        // gmp4j loaded and ran its code (the log is the right one)
        assertThat(loaded).anyMatch(e -> e.startsWith("io.gmp4j.internal.sched.GmpScheduler "));
    }

    @Test
    void theFirstGoroutineLoadsAboutFiftyOfGmp4jsClassesNotTheWholeLibrary() {
        // Each class from gmp4j's jar costs a cold JVM a class-path look-up, a definition and a
        // verification; 49 were loaded when this was written. The bound leaves room for a few more
        // and fails when the start path begins to drag in channels, select, context or diagnostics.
        List<String> gmp4j = loaded.stream()
                .filter(e -> e.startsWith("io.gmp4j.") && !e.startsWith("io.gmp4j.probes."))
                .map(e -> e.substring(0, e.indexOf(' ')))
                .toList();
        assertThat(gmp4j).as("gmp4j classes loaded before the first body ran").hasSizeLessThanOrEqualTo(60)
                .noneMatch(n -> n.startsWith("io.gmp4j.Chan") || n.startsWith("io.gmp4j.Select")
                        || n.startsWith("io.gmp4j.context.") || n.startsWith("io.gmp4j.time.")
                        || n.startsWith("io.gmp4j.sync.") || n.startsWith("io.gmp4j.diag."));
    }

    @Test
    void gmp4jSpinsNoLambdaOrConcatenationClassOfItsOwnOnTheWay() throws Exception {
        // A lambda proxy or string-concatenation class is a hidden class whose log line names its
        // host as its source; the JDK's own (VirtualThread's) and the probe's are not gmp4j's.
        List<String> spun = loaded.stream()
                .filter(e -> !e.startsWith("io.gmp4j.probes."))
                .filter(e -> e.contains(" source: io.gmp4j.") || (e.startsWith("io.gmp4j.") && e.contains("$$")))
                .toList();
        assertThat(spun).as("classes spun for gmp4j's code before the first body ran").isEmpty();
    }
}
