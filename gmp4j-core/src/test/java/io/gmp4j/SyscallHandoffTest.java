package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File I/O pins a virtual thread's carrier: a goroutine blocked reading a FIFO holds its M in a
 * system call. With one P, sysmon hands the P away so queued goroutines run, records the hand-off
 * as a system call (Go's syscall hand-off), and the goroutine reports {@code inSyscall()} while
 * the call lasts. Runs in the procs1 surefire execution.
 */
@Tag("procs1")
class SyscallHandoffTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void aGoroutineBlockedInFileIoIsInASyscallAndItsPIsHandedOff() throws Exception {
        assertThat(Scheduler.procs()).isEqualTo(1);
        Path dir = Files.createTempDirectory("gmp4j-fifo");
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mk.waitFor()).as("mkfifo").isZero();
        AtomicInteger got = new AtomicInteger(-1);
        Goroutine reader = Go.go("fifo-reader", () -> {
            try (FileInputStream in = new FileInputStream(fifo.toFile())) { // open blocks until a writer comes
                got.set(in.read());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // Sysmon tells the call apart once it has lasted a hand-off threshold, queued work or not.
        // (Queue the next goroutine only then: before the reader is inside the call, it may still
        // unmount on its way there, a class-loading lock say, and let the queued one run.)
        Await.until("the reader shows as in a system call", LONG, reader::inSyscall);
        assertThat(reader.state()).isEqualTo(GoroutineState.RUNNING);
        AtomicLong behindRanAt = new AtomicLong();
        long queuedAt = System.nanoTime();
        Goroutine behind = Go.go("behind", () -> behindRanAt.set(System.nanoTime()));
        assertThat(behind.join(LONG)).isTrue();
        assertThat((behindRanAt.get() - queuedAt) / 1_000_000).as("ms until the queued goroutine ran").isLessThan(1_000);
        assertThat(reader.inSyscall()).as("still in its system call").isTrue();
        // Sysmon logs the hand-off just after it has given the P away, so the goroutine behind may
        // run (and this thread see it) a moment before the entry is there.
        Await.until("a system-call hand-off of the reader in the log", LONG, () -> Scheduler.handoffs().stream()
                .anyMatch(h -> h.goroutineId() == reader.id() && h.syscall()));
        try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(7);
        }
        assertThat(reader.join(LONG)).isTrue();
        assertThat(got.get()).isEqualTo(7);
        assertThat(reader.inSyscall()).isFalse();
        Files.deleteIfExists(fifo);
        Files.deleteIfExists(dir);
    }
}
