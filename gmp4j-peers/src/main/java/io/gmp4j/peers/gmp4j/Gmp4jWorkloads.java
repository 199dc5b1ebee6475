package io.gmp4j.peers.gmp4j;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;
import io.gmp4j.Select;
import io.gmp4j.peers.worker.Checks;
import io.gmp4j.peers.worker.Echo;
import io.gmp4j.peers.worker.FirstFailure;
import io.gmp4j.peers.worker.Memory;
import io.gmp4j.peers.worker.Workloads;
import io.gmp4j.sync.WaitGroup;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads on gmp4j: goroutines, {@link Chan} and {@link Select}, written as a user would;
 * W8's goroutines do plain blocking {@code java.net} socket I/O.
 */
public final class Gmp4jWorkloads implements Workloads {

    public Gmp4jWorkloads() {
        if (Scheduler.mode() != SchedulerMode.GMP) {
            throw new IllegalStateException("gmp4j is not on its GMP scheduler (mode " + Scheduler.mode()
                    + "); run with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
    }

    @Override
    public double pingPong(int roundTrips) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        long start = System.nanoTime();
        Goroutine echo = Go.go(() -> {
            for (int i = 0; i < roundTrips; i++) {
                pong.send(ping.recv() + 1);
            }
        });
        long[] last = new long[1];
        Goroutine driver = Go.go(() -> {
            int v = 0;
            for (int i = 0; i < roundTrips; i++) {
                ping.send(v);
                v = pong.recv();
            }
            last[0] = v;
        });
        driver.join();
        echo.join();
        double ns = Checks.nanosPer(start, roundTrips);
        Checks.expect("W1 final value", last[0], roundTrips);
        return ns;
    }

    @Override
    public double spsc(int messages) {
        Chan<Integer> ch = Chan.make(1024);
        long[] sum = new long[1];
        long start = System.nanoTime();
        Goroutine consumer = Go.go(() -> {
            long s = 0;
            for (int i = 0; i < messages; i++) {
                s += ch.recv();
            }
            sum[0] = s;
        });
        Goroutine producer = Go.go(() -> produce(ch, messages));
        producer.join();
        consumer.join();
        double ns = Checks.nanosPer(start, messages);
        Checks.expect("W2 sum", sum[0], Checks.triangle(messages));
        return ns;
    }

    @Override
    public double mpmc(int messages) {
        int perProducer = messages / 4;
        Chan<Integer> ch = Chan.make(1024);
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        Goroutine[] consumers = new Goroutine[4];
        for (int c = 0; c < 4; c++) {
            consumers[c] = Go.go(() -> {
                long s = 0;
                long n = 0;
                for (Integer v : ch) {
                    s += v;
                    n++;
                }
                sum.addAndGet(s);
                count.addAndGet(n);
            });
        }
        Goroutine[] producers = new Goroutine[4];
        for (int p = 0; p < 4; p++) {
            producers[p] = Go.go(() -> produce(ch, perProducer));
        }
        for (Goroutine p : producers) {
            p.join();
        }
        ch.close();
        for (Goroutine c : consumers) {
            c.join();
        }
        double ns = Checks.nanosPer(start, 4L * perProducer);
        Checks.expect("W3 count", count.get(), 4L * perProducer);
        Checks.expect("W3 sum", sum.get(), 4 * Checks.triangle(perProducer));
        return ns;
    }

    /** Sends 1..n: every producer of W2, W3 and W7. */
    private static void produce(Chan<Integer> ch, int n) {
        for (int i = 1; i <= n; i++) {
            ch.send(i);
        }
    }

    @Override
    public double skynet(int leaves) {
        Checks.requirePowerOfTen("W4 leaf count", leaves);
        Chan<Long> root = Chan.make();
        long start = System.nanoTime();
        Go.go(() -> skynet(root, 0, leaves));
        long sum = root.recv();
        double ms = (System.nanoTime() - start) / 1e6;
        Checks.expect("W4 sum", sum, (long) leaves * (leaves - 1) / 2);
        return ms;
    }

    private static void skynet(Chan<Long> out, long num, int size) {
        if (size == 1) {
            out.send(num);
            return;
        }
        Chan<Long> results = Chan.make();
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long childNum = num + (long) i * child;
            Go.go(() -> skynet(results, childNum, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += results.recv();
        }
        out.send(sum);
    }

    @Override
    @SuppressWarnings("unchecked")
    public double ring(int ring, int laps) {
        Chan<Integer>[] links = new Chan[ring];
        for (int k = 0; k < ring; k++) {
            links[k] = Chan.make();
        }
        long hops = (long) ring * laps;
        long start = System.nanoTime();
        Goroutine[] nodes = new Goroutine[ring];
        for (int k = 1; k < ring; k++) {
            Chan<Integer> in = links[k - 1];
            Chan<Integer> out = links[k];
            nodes[k] = Go.go(() -> {
                for (Integer v : in) {
                    out.send(v + 1);
                }
                out.close();
            });
        }
        Chan<Integer> first = links[0];
        Chan<Integer> last = links[ring - 1];
        long[] token = new long[1];
        nodes[0] = Go.go(() -> {
            int v = 0;
            for (int lap = 0; lap < laps; lap++) {
                first.send(v);
                v = last.recv() + 1;
            }
            token[0] = v;
            first.close();
        });
        for (Goroutine g : nodes) {
            g.join();
        }
        double ns = Checks.nanosPer(start, hops);
        Checks.expect("W5 token", token[0], hops);
        return ns;
    }

    @Override
    public double[] parkedMemory(int parked) throws InterruptedException {
        Chan<Integer> never = Chan.make();
        long heap0 = Memory.heapAfterGc();
        long rss0 = Memory.rss();
        Goroutine[] gs = new Goroutine[parked];
        for (int i = 0; i < parked; i++) {
            gs[i] = Go.go(never::recv);
        }
        for (Goroutine g : gs) {
            while (g.state() != GoroutineState.WAITING) {
                Thread.sleep(1);
            }
        }
        long heap1 = Memory.heapAfterGc();
        long rss1 = Memory.rss();
        never.close();
        for (Goroutine g : gs) {
            g.join();
        }
        return new double[] {(double) (heap1 - heap0) / parked, (double) (rss1 - rss0) / parked};
    }

    @Override
    public double select(int messages) {
        int perProducer = messages / 4;
        @SuppressWarnings("unchecked")
        Chan<Integer>[] chans = new Chan[4];
        long[] sum = new long[1];
        Select select = Select.create();
        for (int p = 0; p < 4; p++) {
            chans[p] = Chan.make(128);
            select.recv(chans[p], v -> sum[0] += v);
        }
        long start = System.nanoTime();
        Goroutine consumer = Go.go(() -> {
            for (int i = 0; i < 4 * perProducer; i++) {
                select.select();
            }
        });
        Goroutine[] producers = new Goroutine[4];
        for (int p = 0; p < 4; p++) {
            Chan<Integer> ch = chans[p];
            producers[p] = Go.go(() -> produce(ch, perProducer));
        }
        for (Goroutine g : producers) {
            g.join();
        }
        consumer.join();
        double ns = Checks.nanosPer(start, 4L * perProducer);
        Checks.expect("W7 sum", sum[0], 4 * Checks.triangle(perProducer));
        return ns;
    }

    /**
     * W8: an acceptor goroutine accepts {@code conns} connections and starts an echo server
     * goroutine per connection (a {@link WaitGroup} counts them); {@code conns} client goroutines
     * each make {@code requests / conns} round trips over their own connection. All of them block
     * in plain {@code java.net} socket reads and writes, which park the goroutine until the
     * socket is ready, as Go's netpoller does.
     */
    @Override
    public double echo(int conns, int requests) throws Exception {
        Echo.requireShape(conns, requests);
        int rounds = requests / conns;
        FirstFailure failure = new FirstFailure();
        AtomicLong echoed = new AtomicLong();
        Echo.Tally[] tallies = new Echo.Tally[conns];
        double ns;
        try (ServerSocket listener = Echo.listen(conns)) {
            int port = listener.getLocalPort();
            WaitGroup servers = new WaitGroup();
            long start = System.nanoTime();
            Goroutine acceptor = Go.go(failure.guard(() -> {
                try (listener) { // stops listening once every client is in
                    for (int i = 0; i < conns; i++) {
                        Socket conn = Echo.accept(listener);
                        servers.go(failure.guard(() -> echoed.addAndGet(Echo.serve(conn))));
                    }
                }
            }));
            Goroutine[] clients = new Goroutine[conns];
            for (int c = 0; c < conns; c++) {
                int id = c;
                clients[c] = Go.go(failure.guard(() -> tallies[id] = Echo.converse(port, id, rounds)));
            }
            for (Goroutine g : clients) {
                g.join();
            }
            listener.close(); // releases the acceptor if a client failed before it connected
            acceptor.join();
            servers.await();
            ns = Checks.nanosPer(start, requests);
        }
        failure.rethrow();
        Echo.check(Arrays.asList(tallies), echoed.get(), requests);
        return ns;
    }
}
