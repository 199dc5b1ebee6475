package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Driving worker processes: the real JVM workers, and small shell scripts standing in for workers
 * that misbehave in each way the runner must survive.
 */
@Timeout(60)
class PeerProcessTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** A worker written as a shell script: a {@code case} over request lines, inside a read loop. */
    private static Peer.Command script(String body) {
        return new Peer.Command(List.of("sh", "-c", body), Map.of());
    }

    /** Says ready, then answers: W1 → two figures, W2 → garbage, W3 → bad number, W4 → exits 5, W5 → silence. */
    private static final String FAKE = """
            echo "ready fake 1.0"
            while read line; do
              case "$line" in
                quit) exit 0 ;;
                "W1 1") echo "ok 1.5 2.25" ;;
                "W2 1") echo "hello" ;;
                "W3 1") echo "ok 1.0 x" ;;
                "W4 1") echo "dying" >&2; exit 5 ;;
                "W5 1") ;;
                *) echo "err no $line" ;;
              esac
            done
            """;

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(value = Peer.class, names = "GO", mode = EnumSource.Mode.EXCLUDE)
    void aRealJvmWorkerStartsRunsAWorkloadReportsErrorsAndQuits(Peer peer) throws Exception {
        Peer.Command launch = (Peer.Command) peer.launch(1, dir, dir);
        PeerProcess worker = PeerProcess.start(peer, launch, dir, START);
        try {
            assertThat(worker.banner()).startsWith(peer.id() + " ");
            assertThat(worker.peer()).isEqualTo(peer);

            PeerProcess.Reply w1 = worker.run("W1 1000", RUN);
            assertThat(w1).isInstanceOf(PeerProcess.Reply.Ok.class);
            double[] values = ((PeerProcess.Reply.Ok) w1).values();
            assertThat(values).hasSize(1);
            assertThat(values[0]).isPositive().isFinite();

            PeerProcess.Reply w9 = worker.run("W9 1", RUN);
            assertThat(w9).isInstanceOf(PeerProcess.Reply.Failed.class);
            assertThat(((PeerProcess.Reply.Failed) w9).why()).contains("W9");

            assertThat(worker.run("W4 10", RUN)).as("still answering after an error").isInstanceOf(PeerProcess.Reply.Ok.class);

            PeerProcess.Reply w8 = worker.run("W8 4 400", RUN);
            assertThat(w8).as("W8 over loopback TCP").isInstanceOf(PeerProcess.Reply.Ok.class);
            double[] w8Values = ((PeerProcess.Reply.Ok) w8).values();
            assertThat(w8Values).hasSize(1);
            assertThat(w8Values[0]).isPositive().isFinite();
            PeerProcess.Reply unequal = worker.run("W8 3 100", RUN);
            assertThat(unequal).isInstanceOf(PeerProcess.Reply.Failed.class);
            assertThat(((PeerProcess.Reply.Failed) unequal).why()).contains("multiple of the connection count 3, got 100");
            assertThat(worker.alive()).isTrue();
        } finally {
            worker.close();
        }
        assertThat(worker.alive()).as("alive after close").isFalse();
        assertThat(dir.resolve(peer.id() + ".stderr.log")).isRegularFile();
    }

    @Test
    void theGoWorkerRunsW8AndRejectsItsBadArguments() throws Exception {
        assumeTrue(Peer.findGo().isPresent(), "needs a Go toolchain ('apt-get install -y golang-1.19-go')");
        Path checkout = Path.of("..").toAbsolutePath().normalize(); // surefire runs in the module's directory
        Peer.Launch launch = Peer.GO.launch(2, checkout, dir);
        assertThat(launch).as("%s", launch).isInstanceOf(Peer.Command.class);

        try (PeerProcess worker = PeerProcess.start(Peer.GO, (Peer.Command) launch, dir, START)) {
            PeerProcess.Reply w8 = worker.run("W8 4 400", RUN);
            assertThat(w8).as("%s", w8).isInstanceOf(PeerProcess.Reply.Ok.class);
            double[] w8Values = ((PeerProcess.Reply.Ok) w8).values();
            assertThat(w8Values).hasSize(1);
            assertThat(w8Values[0]).isPositive().isFinite();

            assertThat(worker.run("W8 3 100", RUN)).isEqualTo(new PeerProcess.Reply.Failed(
                    "W8: request count must be a positive multiple of the connection count 3, got 100"));
            assertThat(worker.run("W8 0 0", RUN)).isEqualTo(new PeerProcess.Reply.Failed(
                    "W8: connection count must be positive, got 0"));
            assertThat(worker.run("W8 100", RUN)).isEqualTo(new PeerProcess.Reply.Failed(
                    "W8 needs 2 numeric argument(s), got 1"));
            assertThat(worker.run("W8 100 1000", RUN)).as("still answering after errors").isInstanceOf(PeerProcess.Reply.Ok.class);
        }
    }

    @Test
    void okRepliesAreParsedIntoTheirFigures() throws IOException {
        try (PeerProcess worker = PeerProcess.start(Peer.JDK, script(FAKE), dir, START)) {
            assertThat(worker.banner()).isEqualTo("fake 1.0");

            PeerProcess.Reply reply = worker.run("W1 1", RUN);

            assertThat(reply).isInstanceOf(PeerProcess.Reply.Ok.class);
            assertThat(((PeerProcess.Reply.Ok) reply).values()).containsExactly(1.5, 2.25);
        }
    }

    @Test
    void errRepliesBecomeFailuresWithTheWorkersMessage() throws IOException {
        try (PeerProcess worker = PeerProcess.start(Peer.JDK, script(FAKE), dir, START)) {
            assertThat(worker.run("W7 9", RUN)).isEqualTo(new PeerProcess.Reply.Failed("no W7 9"));
        }
    }

    @Test
    void garbageRepliesAreFailuresQuotingTheLine() throws IOException {
        try (PeerProcess worker = PeerProcess.start(Peer.JDK, script(FAKE), dir, START)) {
            PeerProcess.Reply unexpected = worker.run("W2 1", RUN);
            PeerProcess.Reply unreadable = worker.run("W3 1", RUN);
            PeerProcess.Reply fine = worker.run("W1 1", RUN);

            assertThat(unexpected).isInstanceOf(PeerProcess.Reply.Failed.class);
            assertThat(((PeerProcess.Reply.Failed) unexpected).why()).contains("'hello'");
            assertThat(unreadable).isInstanceOf(PeerProcess.Reply.Failed.class);
            assertThat(((PeerProcess.Reply.Failed) unreadable).why()).contains("'ok 1.0 x'");
            assertThat(fine).as("replies stay in step after garbage").isInstanceOf(PeerProcess.Reply.Ok.class);
        }
    }

    @Test
    void aWorkerThatDiesMidRequestIsAFailureNamingItsExitCodeAndLog() throws IOException {
        PeerProcess worker = PeerProcess.start(Peer.JDK, script(FAKE), dir, START);
        try {
            PeerProcess.Reply reply = worker.run("W4 1", RUN);

            assertThat(reply).isInstanceOf(PeerProcess.Reply.Failed.class);
            assertThat(((PeerProcess.Reply.Failed) reply).why())
                    .contains("exited").contains("code 5").contains(dir.resolve("jdk.stderr.log").toString());
            assertThat(worker.alive()).isFalse();
        } finally {
            worker.close();
        }
        assertThat(dir.resolve("jdk.stderr.log")).content().contains("dying");
    }

    @Test
    void aRequestWithoutAnswerTimesOut() throws IOException {
        try (PeerProcess worker = PeerProcess.start(Peer.JDK, script(FAKE), dir, START)) {
            PeerProcess.Reply reply = worker.run("W5 1", Duration.ofSeconds(1));

            assertThat(reply).isEqualTo(new PeerProcess.Reply.Failed("no answer within 1 s"));
            assertThat(worker.alive()).isTrue();
        }
    }

    @Test
    void theLaunchEnvironmentReachesTheWorker() throws IOException {
        Peer.Command launch = new Peer.Command(List.of("sh", "-c", "echo \"ready $FAKE_PEER GOMAXPROCS=$GOMAXPROCS\"; read x"),
                Map.of("FAKE_PEER", "zed", "GOMAXPROCS", "3"));
        try (PeerProcess worker = PeerProcess.start(Peer.GO, launch, dir, START)) {
            assertThat(worker.banner()).isEqualTo("zed GOMAXPROCS=3");
        }
    }

    @Test
    void aWorkerThatNeverSaysReadyFailsToStartAndIsStopped() {
        Set<Long> before = liveChildren();
        Peer.Command silent = script("read x"); // reads the runner's "quit", never answers

        assertThatThrownBy(() -> PeerProcess.start(Peer.GMP4J, silent, dir, Duration.ofMillis(500)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("gmp4j worker did not start")
                .hasMessageContaining("no answer")
                .hasMessageContaining(dir.resolve("gmp4j.stderr.log").toString());
        assertThat(liveChildren()).as("no worker left running").isSubsetOf(before);
    }

    @Test
    void aWorkerThatSaysSomethingElseFirstFailsToStartQuotingIt() {
        Peer.Command chatty = script("echo 'Picked up JAVA_TOOL_OPTIONS: -Xmx1g'; read x");

        assertThatThrownBy(() -> PeerProcess.start(Peer.JOX, chatty, dir, START))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("'Picked up JAVA_TOOL_OPTIONS: -Xmx1g'")
                .hasMessageContaining("jox.stderr.log");
    }

    @Test
    void aWorkerThatExitsAtStartFailsToStartNamingItsExitCode() {
        Peer.Command crashing = script("echo 'Exception in thread main' >&2; exit 3");

        assertThatThrownBy(() -> PeerProcess.start(Peer.KOTLIN, crashing, dir, START))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("kotlin worker did not start")
                .hasMessageContaining("code 3")
                .hasMessageContaining("kotlin.stderr.log")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
        assertThat(dir.resolve("kotlin.stderr.log")).content().contains("Exception in thread main");
    }
}
