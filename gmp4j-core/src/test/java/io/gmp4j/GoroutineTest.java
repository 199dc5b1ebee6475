package io.gmp4j;

import io.gmp4j.testing.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoroutineTest {
    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void runsOnTheGmpSchedulerWhenJavaLangIsOpened() {
        assertThat(Scheduler.mode()).isEqualTo(SchedulerMode.GMP);
        assertThat(Scheduler.procs()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void idsGrowInStartOrderAndNamesDefaultToGoStyle() {
        Goroutine a = Go.go(() -> { });
        Goroutine b = Go.go("named", () -> { });
        a.join();
        b.join();
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(a.name()).isEqualTo("goroutine-" + a.id());
        assertThat(b.name()).isEqualTo("named");
    }

    @Test
    void stateIsRunningInsideWaitingWhenParkedAndDeadAfter() {
        AtomicReference<GoroutineState> inside = new AtomicReference<>();
        AtomicBoolean release = new AtomicBoolean();
        Object blocker = new ReentrantLock();
        Goroutine g = Go.go(() -> {
            keepThread();
            inside.set(Go.current().orElseThrow().state());
            while (!release.get()) {
                LockSupport.park(blocker);
            }
        });
        Await.until("goroutine parked", LONG, () -> g.state() == GoroutineState.WAITING);
        assertThat(inside.get()).isEqualTo(GoroutineState.RUNNING);
        assertThat(g.waitReason()).as("JDK park blocker's type").isEqualTo(ReentrantLock.class.getName());
        assertThat(g.waitingSince()).isPresent();
        release.set(true);
        LockSupport.unpark(threadOf(g));
        assertThat(g.join(LONG)).isTrue();
        assertThat(g.state()).isEqualTo(GoroutineState.DEAD);
        assertThat(g.waitReason()).isEmpty();
    }

    @Test
    void jdkWaitsWithoutABlockerAreDescribed() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Goroutine sleeper = Go.go(() -> {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Goroutine latch = Go.go(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("both waiting", LONG, () -> sleeper.state() == GoroutineState.WAITING && latch.state() == GoroutineState.WAITING);
        assertThat(sleeper.waitReason()).isEqualTo("sleep");
        assertThat(latch.waitReason()).contains("CountDownLatch");
        hold.countDown();
        threadOf(sleeper).interrupt();
        assertThat(sleeper.join(LONG) && latch.join(LONG)).isTrue();
    }

    @Test
    void joinWithTimeoutReportsWhetherItEnded() {
        AtomicBoolean release = new AtomicBoolean();
        Goroutine g = Go.go(() -> {
            keepThread();
            while (!release.get()) {
                LockSupport.park();
            }
        });
        assertThat(g.join(Duration.ofMillis(20))).isFalse();
        assertThat(g.join(Duration.ZERO)).isFalse();
        release.set(true);
        Await.until("started", LONG, () -> threadOf(g) != null);
        LockSupport.unpark(threadOf(g));
        assertThat(g.join(LONG)).isTrue();
        assertThat(g.join(Duration.ZERO)).isTrue();
    }

    @Test
    void joinIsInterruptibleAndKeepsTheInterruptStatus() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        Goroutine sleeper = Go.go(() -> {
            keepThread();
            while (!release.get()) {
                LockSupport.park();
            }
        });
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Goroutine joiner = Go.go(() -> {
            try {
                sleeper.join();
                seen.complete(null);
            } catch (Throwable e) {
                seen.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt status lost", e));
            }
        });
        Await.until("joiner waiting", LONG, () -> joiner.state() == GoroutineState.WAITING);
        threadOf(joiner).interrupt();
        assertThat(seen.get()).isInstanceOf(GoroutineInterruptedException.class);
        release.set(true);
        LockSupport.unpark(threadOf(sleeper));
        assertThat(sleeper.join(LONG)).isTrue();
    }

    @Test
    void parentIdLabelsAndCreationSiteAreInherited() {
        AtomicReference<Goroutine> child = new AtomicReference<>();
        Goroutine parent = Go.go("parent", Map.of("route", "/api", "tier", "web"), () ->
                child.set(Go.go("child", Map.of("tier", "db"), () -> { })));
        parent.join();
        child.get().join();
        assertThat(parent.parentId()).isZero();
        assertThat(child.get().parentId()).isEqualTo(parent.id());
        assertThat(child.get().labels()).containsExactlyInAnyOrderEntriesOf(Map.of("route", "/api", "tier", "db"));
        StackTraceElement site = parent.creationSite().caller();
        assertThat(site).isNotNull();
        assertThat(site.getClassName()).isEqualTo(GoroutineTest.class.getName());
        assertThat(site.getMethodName()).isEqualTo("parentIdLabelsAndCreationSiteAreInherited");
        assertThat(child.get().creationSite().toString()).startsWith("created by " + GoroutineTest.class.getName())
                .contains("in goroutine " + parent.id());
    }

    @Test
    void creationSiteOfANamedRunnableClassIsItsOwnCaller() {
        Goroutine a = spawnNamed();
        Goroutine b = Go.go(new Noop());
        a.join();
        b.join();
        assertThat(a.creationSite().caller().getMethodName()).isEqualTo("spawnNamed");
        assertThat(b.creationSite().caller().getMethodName()).isEqualTo("creationSiteOfANamedRunnableClassIsItsOwnCaller");
    }

    private static Goroutine spawnNamed() {
        return Go.go(new Noop());
    }

    private static final class Noop implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Blocks a goroutine on a channel nothing else refers to: a leak the GC can prove. */
    private static Goroutine leakOne() {
        Chan<Integer> nobodyElse = Chan.make();
        return Go.go(() -> nobodyElse.send(1));
    }

    @Test
    void joiningAProvenLeakSaysItWillNeverEndInsteadOfWaitingForEver() throws Exception {
        Goroutine g = leakOne();
        Await.until("blocked", LONG, () -> "chan send".equals(g.waitReason()));
        CompletableFuture<Throwable> waiting = new CompletableFuture<>();
        Thread joiner = Thread.ofPlatform().start(() -> {
            try {
                g.join();
                waiting.complete(null);
            } catch (Throwable e) {
                waiting.complete(e);
            }
        });
        Await.until("joiner parked", LONG, () -> joiner.getState() == Thread.State.WAITING);
        io.gmp4j.testing.Leaks.settle();
        assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("goroutine " + g.id() + " will never end").hasMessageContaining("(chan send)");
        assertThatThrownBy(() -> g.join(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
        assertThat(Go.byId(g.id())).as("unregistered").isEmpty();
    }

    @Test
    void numGoroutineCountsLiveOnesExactly() {
        io.gmp4j.testing.Leaks.settle(); // goroutines earlier tests leaked must not leave the count midway
        int before = Go.numGoroutine();
        AtomicBoolean release = new AtomicBoolean();
        List<Goroutine> gs = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            gs.add(Go.go(() -> {
                keepThread();
                while (!release.get()) {
                    LockSupport.park();
                }
            }));
        }
        assertThat(Go.numGoroutine()).isEqualTo(before + 100);
        release.set(true);
        Await.until("all started", LONG, () -> gs.stream().allMatch(g -> threadOf(g) != null || g.state() == GoroutineState.DEAD));
        gs.forEach(g -> {
            Thread t = threadOf(g);
            if (t != null) {
                LockSupport.unpark(t);
            }
        });
        gs.forEach(Goroutine::join);
        assertThat(Go.numGoroutine()).isEqualTo(before);
    }

    @Test
    void yieldLetsOtherGoroutinesRun() {
        AtomicBoolean other = new AtomicBoolean();
        AtomicReference<Integer> yieldsNeeded = new AtomicReference<>();
        Goroutine g = Go.go(() -> {
            Go.go(() -> other.set(true));
            int n = 0;
            while (!other.get() && n < 1_000_000) {
                Go.yield();
                n++;
            }
            yieldsNeeded.set(n);
        });
        g.join();
        assertThat(other.get()).isTrue();
        assertThat(yieldsNeeded.get()).isLessThan(1_000_000);
    }

    @Test
    void lockedGoroutinesOwnAPlatformThreadAndKeepTheirAncestry() {
        AtomicReference<Boolean> virtual = new AtomicReference<>();
        AtomicReference<Goroutine> self = new AtomicReference<>();
        AtomicReference<Goroutine> child = new AtomicReference<>();
        Goroutine locked = Go.goLocked("native-loop", () -> {
            virtual.set(Thread.currentThread().isVirtual());
            self.set(Go.current().orElseThrow());
            child.set(Go.go(() -> { }));
        });
        locked.join();
        child.get().join();
        assertThat(locked.lockedToThread()).isTrue();
        assertThat(virtual.get()).isFalse();
        assertThat(self.get()).isSameAs(locked);
        assertThat(child.get().parentId()).isEqualTo(locked.id());
        assertThat(child.get().lockedToThread()).isFalse();
        assertThat(locked.state()).isEqualTo(GoroutineState.DEAD);
    }

    @Test
    void nullBodyIsRejected() {
        assertThatThrownBy(() -> Go.go((Runnable) null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * Goroutines parked with plain LockSupport.park that a test later unparks through
     * {@link #threadOf} must be kept reachable by the test itself: the record holds its thread
     * only weakly, and a parked goroutine nothing refers to is collected (a proven leak). Real code
     * that unparks a thread holds the thread; so do these tests.
     */
    private static final java.util.Set<Thread> KEPT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void keepThread() {
        KEPT.add(Thread.currentThread());
    }

    /** The thread behind a goroutine handle, via the internal record (tests only). */
    static Thread threadOf(Goroutine g) {
        return ((io.gmp4j.internal.g.G) g).get();
    }
}
