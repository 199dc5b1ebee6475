package io.gmp4j;

import io.gmp4j.probes.ModeProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which scheduler runs goroutines, checked in fresh JVMs with and without the JDK opens. */
class SchedulerModeTest {

    @Test
    void withoutTheOpensGoroutinesRunOnTheJdkSchedulerAndOneLineSaysWhy() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("mode=JDK_DEFAULT", "sum=499500", "num=0", "state=DEAD", "processors=0");
        List<String> gmpLines = r.stderr().lines().filter(l -> l.startsWith("gmp4j:")).toList();
        assertThat(gmpLines).hasSize(1);
        assertThat(gmpLines.getFirst()).contains("--add-opens java.base/java.lang=ALL-UNNAMED", "without proven-leak detection");
    }

    @Test
    void withoutTheOpensButWithThreadTrackingOffLeaksCanStillBeProvenSoTheLineDoesNotClaimOtherwise() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of("-Djdk.trackAllThreads=false"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> gmpLines = r.stderr().lines().filter(l -> l.startsWith("gmp4j:")).toList();
        assertThat(gmpLines).hasSize(1);
        assertThat(gmpLines.getFirst()).contains("default scheduler").doesNotContain("leak");
    }

    @Test
    void theJdkSchedulerChosenWithoutTheOpensSaysThatLeaksCannotBeProven() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of("-Dgmp4j.scheduler=jdk"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("mode=JDK_DEFAULT", "sum=499500");
        List<String> gmpLines = r.stderr().lines().filter(l -> l.startsWith("gmp4j:")).toList();
        assertThat(gmpLines).hasSize(1);
        assertThat(gmpLines.getFirst()).contains("proven goroutine leaks cannot be detected", "--add-opens java.base/java.lang=ALL-UNNAMED");
    }

    @Test
    void withTheOpensGoroutinesRunOnTheGmpSchedulerSilently() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgmp4j.procs=3"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("mode=GMP", "sum=499500", "num=0", "state=DEAD", "processors=3");
        assertThat(r.stderr()).doesNotContain("gmp4j:");
    }

    @Test
    void theJdkSchedulerCanBeChosenExplicitly() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgmp4j.scheduler=jdk"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("mode=JDK_DEFAULT", "sum=499500");
        assertThat(r.stderr()).doesNotContain("gmp4j:");
    }

    @Test
    void badTunablesFailWithAClearMessage() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ModeProbe.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgmp4j.procs=two"));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("gmp4j.procs must be an integer, got 'two'");
    }
}
