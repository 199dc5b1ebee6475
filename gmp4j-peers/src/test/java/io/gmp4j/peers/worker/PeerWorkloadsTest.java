package io.gmp4j.peers.worker;

import io.gmp4j.peers.runner.Peer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every JVM peer's workloads, run in this JVM at tiny sizes. Each workload checks its own sum or
 * count and throws on a wrong one ({@link ChecksTest} shows the check bites), so a figure coming
 * back proves the workload computed the right answer; here we check the figure is a sane one.
 * The peers come from {@link PeerWorker#PEERS}, so the class names the worker loads are checked too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerWorkloadsTest {

    static Stream<Named<Workloads>> peers() {
        return PeerWorker.PEERS.keySet().stream().sorted().map(id -> {
            try {
                return Named.of(id, (Workloads) Class.forName(PeerWorker.PEERS.get(id)).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot create peer " + id, e);
            }
        });
    }

    @Test
    void theWorkerKnowsEveryJvmPeerTheRunnerLaunches() {
        Set<String> jvmPeers = Arrays.stream(Peer.values()).filter(p -> p != Peer.GO).map(Peer::id).collect(Collectors.toSet());
        assertThat(PeerWorker.PEERS.keySet()).isEqualTo(jvmPeers);
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w1PingPong(Workloads peer) throws Exception {
        assertSaneFigure(peer.pingPong(2000));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w2Spsc(Workloads peer) throws Exception {
        assertSaneFigure(peer.spsc(40_000));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w3Mpmc(Workloads peer) throws Exception {
        assertSaneFigure(peer.mpmc(40_000));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w4Skynet(Workloads peer) throws Exception {
        assertSaneFigure(peer.skynet(1000));
        assertSaneFigure(peer.skynet(1)); // a lone leaf is its own root
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w4RejectsALeafCountThatIsNotAPowerOfTen(Workloads peer) {
        // 20 leaves would make nodes of size 2, whose children have size 0: a tree that never ends
        assertThatThrownBy(() -> peer.skynet(20)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("20");
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w5Ring(Workloads peer) throws Exception {
        assertSaneFigure(peer.ring(100, 5));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w6ParkedMemoryGrowsTheHeap(Workloads peer) throws Exception {
        double[] perGoroutine = peer.parkedMemory(2000);

        assertThat(perGoroutine).hasSize(2);
        assertThat(perGoroutine[0]).as("heap bytes per parked goroutine").isPositive().isFinite();
        assertThat(perGoroutine[1]).as("RSS bytes per parked goroutine").isFinite();
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w7Select(Workloads peer) throws Exception {
        assertSaneFigure(peer.select(40_000));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w8Echo(Workloads peer) throws Exception {
        assertSaneFigure(peer.echo(4, 400));
        assertSaneFigure(peer.echo(1, 1)); // one client, one round trip
        assertSaneFigure(peer.echo(100, 1000)); // the full size's 100 connections at once
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w8RepliesWithAFigureThroughTheWorker(Workloads peer) {
        String reply = PeerWorker.answer(peer, "W8 4 400");

        assertThat(reply).matches("ok \\d+\\.\\d{3}");
        assertSaneFigure(Double.parseDouble(reply.substring(3)));
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w8RejectsRequestsNotSharedEquallyByItsConnections(Workloads peer) {
        assertThat(PeerWorker.answer(peer, "W8 3 100")).isEqualTo(
                "err IllegalArgumentException: W8 request count must be a positive multiple of the connection count 3, got 100");
        assertThat(PeerWorker.answer(peer, "W8 4 0")).isEqualTo(
                "err IllegalArgumentException: W8 request count must be a positive multiple of the connection count 4, got 0");
        assertThat(PeerWorker.answer(peer, "W8 4 -4")).startsWith(
                "err IllegalArgumentException: W8 request count must be a positive multiple").endsWith("got -4");
        assertThat(PeerWorker.answer(peer, "W8 0 0")).isEqualTo(
                "err IllegalArgumentException: W8 connection count must be positive, got 0");
        assertThat(PeerWorker.answer(peer, "W8 -1 100")).isEqualTo(
                "err IllegalArgumentException: W8 connection count must be positive, got -1");
        assertThat(PeerWorker.answer(peer, "W8 4")).isEqualTo(
                "err IllegalArgumentException: W8 needs 2 numeric argument(s)");
        assertThat(PeerWorker.answer(peer, "W8")).startsWith("err IllegalArgumentException: W8 needs");
    }

    @ParameterizedTest
    @MethodSource("peers")
    void w8ClosesEverySocketItOpened(Workloads peer) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts open files in /proc/self/fd (Linux)");
        peer.echo(4, 40); // the first run opens the JDK's pollers and channel groups, which stay open
        long before = openFiles();

        for (int i = 0; i < 3; i++) {
            assertSaneFigure(peer.echo(8, 80));
        }

        assertThat(openFiles()).as("open files after three runs of 17 sockets each").isLessThanOrEqualTo(before);
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void assertSaneFigure(double figure) {
        assertThat(figure).isPositive().isFinite();
    }
}
