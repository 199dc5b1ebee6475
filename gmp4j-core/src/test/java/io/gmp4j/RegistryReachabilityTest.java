package io.gmp4j;

import io.gmp4j.probes.ReachabilityProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of goroutine records never keeps a goroutine's thread reachable: goroutines parked
 * where nothing can wake them are collected although their records stay registered. (With the
 * JDK's default jdk.trackAllThreads=true its root thread container holds every virtual thread;
 * the leak detector deals with that. Here it is off, to test our own references alone.)
 */
class RegistryReachabilityTest {

    @Test
    void parkedUnreachableGoroutinesAreCollectedWhileTheirRecordsRemain() throws Exception {
        int n = 1000;
        ChildJvm.Result r = ChildJvm.run(ReachabilityProbe.class,
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=false"), String.valueOf(n));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("registered=" + n, "collected=" + n);
    }

    @Test
    void withTheJdkRootContainerTrackingThreadsTheyAreNotCollected() throws Exception {
        // The control: proves the probe can tell "collected" from "kept".
        ChildJvm.Result r = ChildJvm.run(ReachabilityProbe.class,
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djdk.trackAllThreads=true"), "100");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("registered=100", "collected=0");
    }
}
