package io.gmp4j.diag.leaks;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.LeakReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many leaks found at once by the reaper and by concurrent sweeps: each is reported exactly once,
 * none is lost, none of the goroutines blocked on reachable channels meanwhile is reported; and a
 * report is logged as one block by default.
 */
class ProvenLeakStressTest {
    private static final int LEAKS = 2000;
    private static final int SWEEPERS = 3;

    private static void leak(String tag, int n) {
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = Chan.make(i % 3); // unbuffered and buffered: the sender fills the buffer, then blocks
            Go.go("stress", Map.of("stress", tag), () -> {
                for (int k = 0; ; k++) {
                    ch.send(k);
                }
            });
        }
    }

    @Test
    void everyLeakIsReportedExactlyOnceUnderConcurrentSweepsAndNoLiveOneEver() throws Exception {
        String tag = "run-" + System.nanoTime();
        ConcurrentLinkedQueue<LeakReport> seen = new ConcurrentLinkedQueue<>();
        Consumer<LeakReport> listener = seen::add;
        LeakDetector d = LeakDetector.global();
        d.logReports(false);
        d.addListener(listener);
        Chan<Integer> reachable = Chan.make();
        List<Goroutine> live = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                live.add(Go.go("live", Map.of("stress", tag + "-live"), () -> reachable.send(1)));
            }
            leak(tag, LEAKS);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (seen.stream().filter(r -> tag.equals(r.labels().get("stress"))).count() < LEAKS) {
                assertThat(System.nanoTime()).as("all leaks found; got %d",
                        seen.stream().filter(r -> tag.equals(r.labels().get("stress"))).count()).isLessThan(deadline);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> sweepers = new ArrayList<>();
                for (int s = 0; s < SWEEPERS; s++) {
                    sweepers.add(Thread.ofPlatform().start(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        d.collectNow();
                    }));
                }
                go.countDown();
                for (Thread t : sweepers) {
                    t.join();
                }
            }
            Map<Long, Integer> times = new HashMap<>();
            seen.stream().filter(r -> tag.equals(r.labels().get("stress"))).forEach(r -> times.merge(r.goroutineId(), 1, Integer::sum));
            assertThat(times).hasSize(LEAKS);
            assertThat(times.values()).as("each reported once").containsOnly(1);
            assertThat(seen).noneMatch(r -> (tag + "-live").equals(r.labels().get("stress")));
            assertThat(live).allMatch(g -> g.state() == GoroutineState.WAITING);
        } finally {
            d.removeListener(listener);
            d.logReports(true);
            for (int i = 0; i < live.size(); i++) {
                reachable.recv();
            }
            live.forEach(Goroutine::join);
        }
    }

    @Test
    void aReportIsLoggedAsOneReadableBlockByDefault() {
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override public synchronized void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger jul = Logger.getLogger(LeakDetector.class.getName());
        jul.addHandler(h);
        try {
            String name = "logged-" + System.nanoTime();
            startOneLeak(name);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (LeakDetector.global().provenLeaks().stream().noneMatch(r -> r.name().equals(name))) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                LeakDetector.global().collectNow();
            }
            synchronized (h) {
                assertThat(records).anySatisfy(r -> {
                    assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                    assertThat(r.getMessage()).contains("goroutine leak", "[chan receive (leaked)] \"" + name + "\"",
                            "blocked on chan#", "created by");
                });
            }
        } finally {
            jul.removeHandler(h);
        }
    }

    private static void startOneLeak(String name) {
        Chan<Integer> never = Chan.make();
        Go.go(name, never::recv);
    }
}
