package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshot.capture on live goroutines: states, wait reasons, trimmed stacks, creators, labels. */
class SnapshotCaptureTest {

    private static void awaitWaiting(Goroutine g) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (g.state() != GoroutineState.WAITING) {
            assertThat(System.nanoTime()).as("goroutine %d never blocked", g.id()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static GoroutineInfo find(Snapshot s, long id) {
        return s.goroutines().stream().filter(g -> g.id() == id).findFirst()
                .orElseThrow(() -> new AssertionError("goroutine " + id + " missing from the snapshot"));
    }

    static void blockOn(Chan<Integer> c) {
        c.recv();
    }

    @Test
    void aBlockedReceiverShowsItsWaitReasonItsOwnFrameOnTopAndItsCreator() throws Exception {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.go("receiver", Map.of("job", "q1"), () -> blockOn(c));
        awaitWaiting(g);
        Snapshot s = Snapshot.capture();
        GoroutineInfo info = find(s, g.id());
        assertThat(info.name()).isEqualTo("receiver");
        assertThat(info.state()).isEqualTo("chan receive");
        assertThat(info.labels()).containsEntry("job", "q1");
        assertThat(info.waitMinutes()).isZero();
        assertThat(info.frames()).extracting(Frame::function)
                .startsWith("io.gmp4j.Chan.recv", "io.gmp4j.diag.SnapshotCaptureTest.blockOn")
                .noneMatch(f -> f.startsWith("io.gmp4j.internal.") || f.startsWith("java.lang.VirtualThread")
                        || f.startsWith("jdk.internal."));
        assertThat(info.frames().get(1).file()).isEqualTo("SnapshotCaptureTest.java");
        assertThat(info.frames().get(1).line()).isPositive();
        assertThat(info.createdBy()).isNotNull();
        assertThat(info.createdBy().function())
                .isEqualTo("io.gmp4j.diag.SnapshotCaptureTest.aBlockedReceiverShowsItsWaitReasonItsOwnFrameOnTopAndItsCreator");
        assertThat(info.creatorId()).isZero(); // started from the test's platform thread
        c.close();
        g.join();
        assertThat(Snapshot.capture().goroutines()).extracting(GoroutineInfo::id).doesNotContain(g.id());
    }

    static void firstWait(Chan<Integer> a) {
        a.recv();
    }

    static void secondWait(Chan<Integer> b) {
        b.recv();
    }

    @Test
    void aGoroutineThatMovedToAnotherWaitIsNeverShownWithItsOldCachedStack() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Goroutine g = Go.go(() -> {
            firstWait(a);
            secondWait(b);
        });
        awaitWaiting(g);
        assertThat(find(Snapshot.capture(), g.id()).frames()).extracting(Frame::function)
                .contains("io.gmp4j.diag.SnapshotCaptureTest.firstWait");
        // Captured twice in the same wait: the second may come from the cache, and must agree.
        assertThat(find(Snapshot.capture(), g.id()).frames()).extracting(Frame::function)
                .contains("io.gmp4j.diag.SnapshotCaptureTest.firstWait");
        a.send(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(g.state() == GoroutineState.WAITING && g.waitingOn().orElse(null) == b)) {
            assertThat(System.nanoTime()).as("never reached its second wait").isLessThan(deadline);
            Thread.onSpinWait();
        }
        List<String> now = find(Snapshot.capture(), g.id()).frames().stream().map(Frame::function).toList();
        assertThat(now).contains("io.gmp4j.diag.SnapshotCaptureTest.secondWait")
                .doesNotContain("io.gmp4j.diag.SnapshotCaptureTest.firstWait");
        b.send(2);
        g.join();
    }

    @Test
    void keepingMachineryShowsTheSchedulerAndParkFrames() throws Exception {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.go(() -> blockOn(c));
        awaitWaiting(g);
        List<String> full = find(Snapshot.capture(true), g.id()).frames().stream().map(Frame::function).toList();
        List<String> trimmed = find(Snapshot.capture(), g.id()).frames().stream().map(Frame::function).toList();
        assertThat(full).contains("java.util.concurrent.locks.LockSupport.park", "io.gmp4j.Chan.recv");
        assertThat(full.size()).isGreaterThan(trimmed.size());
        c.close();
        g.join();
    }

    @Test
    void aGoroutineStartedByAnotherNamesItsCreatorAndARunningOneIsRunning() throws Exception {
        Chan<Integer> c = Chan.make();
        Goroutine[] child = new Goroutine[1];
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        Goroutine parent = Go.go(() -> {
            child[0] = Go.go(() -> blockOn(c));
            started.countDown();
            while (!stop.get()) {
                Thread.onSpinWait(); // running, on its carrier, while the snapshot is taken
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        awaitWaiting(child[0]);
        Snapshot s = Snapshot.capture();
        stop.set(true);
        GoroutineInfo kid = find(s, child[0].id());
        assertThat(kid.creatorId()).isEqualTo(parent.id());
        assertThat(kid.createdBy().function()).contains("aGoroutineStartedByAnotherNamesItsCreatorAndARunningOneIsRunning");
        GoroutineInfo p = find(s, parent.id());
        assertThat(p.state()).isIn("running", "runnable");
        assertThat(p.frames()).extracting(Frame::function).anyMatch(f -> f.contains("SnapshotCaptureTest"));
        c.close();
        parent.join();
        child[0].join();
    }

    @Test
    void manyGoroutinesAreCapturedInParallelAndNoneIsLostOrDoubled() throws Exception {
        Chan<Integer> c = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            gs.add(Go.go(() -> blockOn(c)));
        }
        for (Goroutine g : gs) {
            awaitWaiting(g);
        }
        Instant before = Instant.now();
        Snapshot s = Snapshot.capture();
        assertThat(s.takenAt()).isBetween(before.minus(Duration.ofSeconds(1)), Instant.now());
        List<Long> ids = s.goroutines().stream().map(GoroutineInfo::id).toList();
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(ids).containsAll(gs.stream().map(Goroutine::id).toList());
        for (Goroutine g : gs) {
            assertThat(find(s, g.id()).state()).isEqualTo("chan receive");
        }
        c.close();
        for (Goroutine g : gs) {
            g.join();
        }
    }
}
