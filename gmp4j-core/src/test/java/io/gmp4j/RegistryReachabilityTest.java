package io.gmp4j;

import io.gmp4j.probes.ReachabilityProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of gmp4j keeps a blocked goroutine's thread reachable: goroutines parked where nothing
 * can wake them are collected, then handed to the leak reaper exactly once and unregistered. This
 * holds in the JDK's default configuration (jdk.trackAllThreads=true, whose root container would
 * hold every virtual thread; goroutines start in gmp4j's own container instead), with tracking
 * off, and on the JDK's scheduler.
 */
class RegistryReachabilityTest {
    private static final String OPENS = "java.base/java.lang=ALL-UNNAMED";

    private static String run(int n, String... jvmArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--add-opens", OPENS));
        args.addAll(List.of(jvmArgs));
        ChildJvm.Result r = ChildJvm.run(ReachabilityProbe.class, args, String.valueOf(n));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).as("no warning about leak detection").doesNotContain("proven");
        return r.stdout();
    }

    @Test
    void inTheJdkDefaultConfigurationBlockedUnreachableGoroutinesAreCollectedAndReaped() throws Exception {
        int n = 1000;
        assertThat(run(n)).contains("registered=0", "collected=" + n, "reaped=" + n + "/" + n);
    }

    @Test
    void withThreadTrackingOffToo() throws Exception {
        assertThat(run(300, "-Djdk.trackAllThreads=false")).contains("registered=0", "collected=300", "reaped=300/300");
    }

    @Test
    void onTheJdkSchedulerToo() throws Exception {
        assertThat(run(300, "-Dgmp4j.scheduler=jdk")).contains("registered=0", "collected=300", "reaped=300/300");
    }

    @Test
    void controlGoroutinesWhoseThreadsAreHeldAreNeitherCollectedNorReaped() throws Exception {
        // Proves the probe can tell "collected" from "kept".
        ChildJvm.Result r = ChildJvm.run(ReachabilityProbe.class, List.of("--add-opens", OPENS), "100", "hold");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("registered=100", "collected=0", "reaped=0/0", "held=100");
    }
}
