package io.gmp4j.adopted;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;
import io.gmp4j.testing.Await;
import io.gmp4j.testing.Leaks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A virtual thread started inside a goroutine inherits the goroutine's scheduler (the JDK's rule);
 * on gmp4j's scheduler it is a goroutine of its own: it runs, parks and ends correctly, it has an
 * id, a parent, a creation site and labels, and it leaves {@code Go.numGoroutine()} when it ends.
 * Run with 2 P's ({@link VirtualThreadsInGoroutinesTest}) and with one
 * ({@link VirtualThreadsInGoroutinesOneProcTest}).
 */
abstract class VirtualThreadsInGoroutinesSpec {
    private static final Duration LONG = Duration.ofSeconds(60);

    @BeforeEach
    void onTheGmpScheduler() {
        assertThat(Scheduler.mode()).isEqualTo(SchedulerMode.GMP);
    }

    @ParameterizedTest(name = "{0} plain virtual threads")
    @ValueSource(ints = {50, 10_000})
    @SuppressWarnings("ThreadPriorityCheck") // the yield is the point: it resubmits the thread
    void plainVirtualThreadsStartedInsideAGoroutineAllRunAndEnd(int n) throws Exception {
        Leaks.settle();
        long baseline = Go.numGoroutine();
        Set<Long> ran = ConcurrentHashMap.newKeySet();
        Goroutine parent = Go.go("parent", () -> {
            List<Thread> ts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ts.add(Thread.ofVirtual().start(() -> {
                    Thread.yield(); // resubmits itself: must come back to the same goroutine
                    LockSupport.parkNanos(1_000);
                    ran.add(Go.current().orElseThrow().id());
                }));
            }
            try {
                for (Thread t : ts) {
                    t.join();
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(parent.join(LONG)).as("the parent's joins all returned").isTrue();
        assertThat(ran).as("each ran once, as a goroutine of its own").hasSize(n).doesNotContain(parent.id());
        Await.until("numGoroutine back to " + baseline, LONG, () -> Go.numGoroutine() == baseline);
    }

    @ParameterizedTest(name = "{0} tasks")
    @ValueSource(ints = {50, 10_000})
    void aVirtualThreadPerTaskExecutorInsideAGoroutineRunsEveryTask(int n) throws Exception {
        Leaks.settle();
        long baseline = Go.numGoroutine();
        AtomicInteger sum = new AtomicInteger();
        Goroutine g = Go.go("executor-owner", () -> {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> fs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int v = i;
                    fs.add(ex.submit(() -> {
                        Thread.sleep(1);
                        return v;
                    }));
                }
                for (Future<Integer> f : fs) {
                    sum.addAndGet(f.get());
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(g.join(LONG)).isTrue();
        assertThat(sum.get()).isEqualTo(n * (n - 1) / 2);
        Await.until("numGoroutine back to " + baseline, LONG, () -> Go.numGoroutine() == baseline);
    }

    @ParameterizedTest(name = "{0} forks")
    @ValueSource(ints = {50, 10_000})
    @SuppressWarnings({"preview", "ThreadPriorityCheck"}) // StructuredTaskScope is a preview API in JDK 25
    void structuredConcurrencyInsideAGoroutineJoinsEverySubtask(int n) throws Exception {
        Leaks.settle();
        long baseline = Go.numGoroutine();
        AtomicInteger sum = new AtomicInteger();
        Goroutine g = Go.go("scope-owner", () -> {
            try (var scope = StructuredTaskScope.open()) {
                List<StructuredTaskScope.Subtask<Integer>> subs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int v = i;
                    subs.add(scope.fork(() -> {
                        Thread.yield();
                        return v;
                    }));
                }
                scope.join();
                for (var s : subs) {
                    sum.addAndGet(s.get());
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(g.join(LONG)).isTrue();
        assertThat(sum.get()).isEqualTo(n * (n - 1) / 2);
        Await.until("numGoroutine back to " + baseline, LONG, () -> Go.numGoroutine() == baseline);
    }

    @Test
    void aVirtualThreadStartedInsideAGoroutineIsAGoroutineWithParentLabelsAndCreationSite() throws Exception {
        AtomicReference<Goroutine> child = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Goroutine parent = Go.go("labelled-parent", Map.of("route", "/api"), () -> {
            Thread t = Thread.ofVirtual().name("my-virtual").start(() -> {
                child.set(Go.current().orElseThrow());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        Goroutine c = child.get();
        assertThat(c.id()).isNotEqualTo(parent.id());
        assertThat(c.parentId()).isEqualTo(parent.id());
        assertThat(c.name()).isEqualTo("my-virtual");
        assertThat(c.labels()).containsEntry("route", "/api");
        assertThat(c.creationSite().caller()).isNotNull();
        assertThat(c.creationSite().caller().getClassName()).isEqualTo(VirtualThreadsInGoroutinesSpec.class.getName());
        assertThat(Go.byId(c.id())).contains(c);
        assertThat(Go.all()).contains(c);
        Await.until("child waiting", LONG, () -> c.state() == GoroutineState.WAITING);
        release.countDown();
        assertThat(c.join(LONG)).isTrue();
        assertThat(parent.join(LONG)).isTrue();
        assertThat(Go.byId(c.id())).isEqualTo(Optional.empty());
    }

    @Test
    void aVirtualThreadMadeInsideAGoroutineButStartedByAPlainThreadIsItsChild() throws Exception {
        AtomicReference<Thread> made = new AtomicReference<>();
        AtomicReference<Optional<Goroutine>> seen = new AtomicReference<>();
        Goroutine maker = Go.go("maker", () -> made.set(Thread.ofVirtual().unstarted(() -> seen.set(Go.current()))));
        assertThat(maker.join(LONG)).isTrue();
        Thread t = made.get();
        t.start(); // from this plain thread, after its maker ended
        t.join();
        assertThat(seen.get()).isPresent();
        assertThat(seen.get().get().parentId()).isEqualTo(maker.id());
    }

    @Test
    void virtualThreadsStartedByAdoptedOnesAreGoroutinesToo() throws Exception {
        AtomicReference<Goroutine> child = new AtomicReference<>();
        AtomicReference<Goroutine> grandchild = new AtomicReference<>();
        Goroutine root = Go.go("root", () -> {
            Thread c = Thread.ofVirtual().start(() -> {
                child.set(Go.current().orElseThrow());
                Thread gc = Thread.ofVirtual().start(() -> grandchild.set(Go.current().orElseThrow()));
                try {
                    gc.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                c.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(root.join(LONG)).isTrue();
        assertThat(child.get().parentId()).isEqualTo(root.id());
        assertThat(grandchild.get().parentId()).isEqualTo(child.get().id());
    }
}
