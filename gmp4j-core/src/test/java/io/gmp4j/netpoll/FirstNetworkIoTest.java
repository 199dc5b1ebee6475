package io.gmp4j.netpoll;

import io.gmp4j.probes.FirstIoProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK starts its network pollers from the first virtual thread that does network I/O, and they
 * inherit that thread's scheduler. Here that is a goroutine that ends right after: network
 * wake-ups must still arrive, with the JDK's default poller mode (only {@code bin/gmp4j jvm-opts}'
 * options), with platform-thread pollers ({@code -Djdk.pollerMode=1}), and with virtual threads
 * routed to the JDK's scheduler ({@code -Dgmp4j.virtualThreads=jdk}); the pollers never show up as
 * user goroutines.
 */
class FirstNetworkIoTest {
    private static final String OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED";

    @Test
    void withTheJdkDefaultsThePollersBecomeRuntimeGoroutinesAndEveryReaderWakes() throws Exception {
        String out = run(List.of(OPENS));
        assertThat(out).contains("woke=50", "allJoined=true", "numGoroutine=0", "userSubPollers=0");
        assertThat(out).as("the JDK's sub-pollers run on gmp4j's scheduler as runtime goroutines")
                .containsPattern("systemGoroutines=\\[SubPoller-\\d+(, SubPoller-\\d+)*\\]");
    }

    @Test
    void withPlatformThreadPollersEveryReaderWakes() throws Exception {
        String out = run(List.of(OPENS, "-Djdk.pollerMode=1"));
        assertThat(out).contains("woke=50", "allJoined=true", "numGoroutine=0", "userSubPollers=0", "systemGoroutines=[]");
    }

    @Test
    void withVirtualThreadsRoutedToTheJdkEveryReaderWakes() throws Exception {
        String out = run(List.of(OPENS, "-Dgmp4j.virtualThreads=jdk"));
        assertThat(out).contains("woke=50", "allJoined=true", "numGoroutine=0", "userSubPollers=0", "systemGoroutines=[]");
    }

    private static String run(List<String> opts) throws Exception {
        List<String> all = new ArrayList<>(opts);
        all.add("-Xshare:off");
        ChildJvm.Result r = ChildJvm.run(FirstIoProbe.class, all);
        assertThat(r.exitCode()).as("probe exit; stderr: " + r.stderr()).isZero();
        return r.stdout();
    }
}
