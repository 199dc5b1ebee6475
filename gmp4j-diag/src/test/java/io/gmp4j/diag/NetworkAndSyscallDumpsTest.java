package io.gmp4j.diag;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go's states in dumps for goroutines on the network and in system calls: {@code [IO wait]} for a
 * goroutine parked by the JDK's poller, {@code [syscall]} for one whose carrier is stuck in file
 * I/O; and the JDK's sub-pollers, which run on gmp4j's scheduler once a goroutine has done network
 * I/O, never appear as user goroutines in a snapshot, a suspected-leak scan or a leak report.
 */
class NetworkAndSyscallDumpsTest {

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static String debug2(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.write(DumpFormat.DEBUG2, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGoroutineBlockedOnASocketIsInIoWaitAndThePollersAreNowhereToBeSeen() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Goroutine reader = Go.go("net-reader", () -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    s.getInputStream().read();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Socket peer = server.accept()) {
                // A socket read may wake spuriously and park again (the JDK's read loop re-parks
                // until data is there): take snapshots until one sees it parked.
                Snapshot[] taken = new Snapshot[1];
                await("a snapshot with the reader in IO wait", () -> {
                    taken[0] = Snapshot.capture();
                    return taken[0].goroutines().stream()
                            .anyMatch(g -> g.id() == reader.id() && g.state().equals("IO wait"));
                });
                Snapshot s = taken[0];
                assertThat(debug2(s)).contains("goroutine " + reader.id() + " [IO wait]:");
                assertThat(s.goroutines()).extracting(GoroutineInfo::name).noneMatch(n -> n.startsWith("SubPoller"));
                assertThat(s.goroutines()).allSatisfy(g -> assertThat(g.frames())
                        .noneMatch(f -> f.function().contains("subPollerLoop")));
                List<SuspectedLeak> suspects = LeakDetector.global().suspectedLeaks(Duration.ZERO);
                assertThat(suspects).noneMatch(l -> l.waitSite() != null && l.waitSite().contains("Poller.subPollerLoop"));
                assertThat(suspects).anyMatch(l -> l.waitReason().equals("IO wait"));
                LeakDetector.global().collectNow();
                assertThat(LeakDetector.global().provenLeaks()).noneMatch(r -> r.name().startsWith("SubPoller"));
                peer.getOutputStream().write(1);
            }
            assertThat(reader.join(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aGoroutineBlockedInFileIoShowsAsSyscall() throws Exception {
        Path dir = Files.createTempDirectory("gmp4j-fifo");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();
        Goroutine reader = Go.go("fifo-reader", () -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) {
                in.read();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        await("reader in a system call", reader::inSyscall);
        assertThat(reader.state()).isEqualTo(GoroutineState.RUNNING);
        Snapshot s = Snapshot.capture();
        assertThat(debug2(s)).contains("goroutine " + reader.id() + " [syscall]:");
        try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(1);
        }
        assertThat(reader.join(Duration.ofSeconds(20))).isTrue();
        Files.deleteIfExists(fifo);
        Files.deleteIfExists(dir);
    }
}
