package io.gmp4j.peers.jdk;

import io.gmp4j.peers.worker.Checks;
import io.gmp4j.peers.worker.Echo;
import io.gmp4j.peers.worker.FirstFailure;
import io.gmp4j.peers.worker.Memory;
import io.gmp4j.peers.worker.Workloads;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workloads on plain JDK 25 virtual threads (the default scheduler) with
 * {@code java.util.concurrent} queues: {@link SynchronousQueue} for an unbuffered channel,
 * {@link ArrayBlockingQueue} for a buffered one, a sentinel value for close. The JDK has no select,
 * so W7's consumer takes from one {@code ArrayBlockingQueue} of capacity 4 × 128 that all four
 * producers feed (the same total buffering, without a choice to make); the table marks it.
 * W8's virtual threads do plain blocking {@code java.net} socket I/O.
 */
public final class JdkWorkloads implements Workloads {
    private static final Integer STOP = Integer.MIN_VALUE;

    @FunctionalInterface
    private interface Body {
        void run() throws InterruptedException;
    }

    private static Thread vt(Body body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void joinAll(Thread... threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    @Override
    public double pingPong(int roundTrips) throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        long[] last = new long[1];
        long start = System.nanoTime();
        Thread echo = vt(() -> {
            for (int i = 0; i < roundTrips; i++) {
                pong.put(ping.take() + 1);
            }
        });
        Thread driver = vt(() -> {
            int v = 0;
            for (int i = 0; i < roundTrips; i++) {
                ping.put(v);
                v = pong.take();
            }
            last[0] = v;
        });
        joinAll(driver, echo);
        double ns = Checks.nanosPer(start, roundTrips);
        Checks.expect("W1 final value", last[0], roundTrips);
        return ns;
    }

    @Override
    public double spsc(int messages) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
        long[] sum = new long[1];
        long start = System.nanoTime();
        Thread consumer = vt(() -> {
            long s = 0;
            for (int i = 0; i < messages; i++) {
                s += q.take();
            }
            sum[0] = s;
        });
        Thread producer = vt(() -> produce(q, messages));
        joinAll(producer, consumer);
        double ns = Checks.nanosPer(start, messages);
        Checks.expect("W2 sum", sum[0], Checks.triangle(messages));
        return ns;
    }

    @Override
    public double mpmc(int messages) throws InterruptedException {
        int perProducer = messages / 4;
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        Thread[] consumers = new Thread[4];
        for (int c = 0; c < 4; c++) {
            consumers[c] = vt(() -> {
                long s = 0;
                long n = 0;
                for (Integer v; (v = q.take()) != STOP; ) {
                    s += v;
                    n++;
                }
                sum.addAndGet(s);
                count.addAndGet(n);
            });
        }
        Thread[] producers = new Thread[4];
        for (int p = 0; p < 4; p++) {
            producers[p] = vt(() -> produce(q, perProducer));
        }
        joinAll(producers);
        for (int c = 0; c < 4; c++) {
            q.put(STOP); // "close": one sentinel per consumer
        }
        joinAll(consumers);
        double ns = Checks.nanosPer(start, 4L * perProducer);
        Checks.expect("W3 count", count.get(), 4L * perProducer);
        Checks.expect("W3 sum", sum.get(), 4 * Checks.triangle(perProducer));
        return ns;
    }

    /** Puts 1..n: every producer of W2, W3 and W7. */
    private static void produce(BlockingQueue<Integer> q, int n) throws InterruptedException {
        for (int i = 1; i <= n; i++) {
            q.put(i);
        }
    }

    @Override
    public double skynet(int leaves) throws InterruptedException {
        Checks.requirePowerOfTen("W4 leaf count", leaves);
        SynchronousQueue<Long> root = new SynchronousQueue<>();
        long start = System.nanoTime();
        vt(() -> skynet(root, 0, leaves));
        long sum = root.take();
        double ms = (System.nanoTime() - start) / 1e6;
        Checks.expect("W4 sum", sum, (long) leaves * (leaves - 1) / 2);
        return ms;
    }

    private static void skynet(BlockingQueue<Long> out, long num, int size) throws InterruptedException {
        if (size == 1) {
            out.put(num);
            return;
        }
        SynchronousQueue<Long> results = new SynchronousQueue<>();
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long childNum = num + (long) i * child;
            vt(() -> skynet(results, childNum, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += results.take();
        }
        out.put(sum);
    }

    @Override
    @SuppressWarnings("unchecked")
    public double ring(int ring, int laps) throws InterruptedException {
        SynchronousQueue<Integer>[] links = new SynchronousQueue[ring];
        for (int k = 0; k < ring; k++) {
            links[k] = new SynchronousQueue<>();
        }
        long hops = (long) ring * laps;
        long[] token = new long[1];
        long start = System.nanoTime();
        Thread[] nodes = new Thread[ring];
        for (int k = 1; k < ring; k++) {
            SynchronousQueue<Integer> in = links[k - 1];
            SynchronousQueue<Integer> out = links[k];
            boolean lastNode = k == ring - 1;
            nodes[k] = vt(() -> {
                for (Integer v; (v = in.take()) != STOP; ) {
                    out.put(v + 1);
                }
                if (!lastNode) {
                    out.put(STOP); // nobody reads the last link once the driver has stopped
                }
            });
        }
        SynchronousQueue<Integer> first = links[0];
        SynchronousQueue<Integer> last = links[ring - 1];
        nodes[0] = vt(() -> {
            int v = 0;
            for (int lap = 0; lap < laps; lap++) {
                first.put(v);
                v = last.take() + 1;
            }
            token[0] = v;
            first.put(STOP);
        });
        joinAll(nodes);
        double ns = Checks.nanosPer(start, hops);
        Checks.expect("W5 token", token[0], hops);
        return ns;
    }

    @Override
    public double[] parkedMemory(int parked) throws InterruptedException {
        SynchronousQueue<Integer> never = new SynchronousQueue<>();
        long heap0 = Memory.heapAfterGc();
        long rss0 = Memory.rss();
        Thread[] ts = new Thread[parked];
        for (int i = 0; i < parked; i++) {
            ts[i] = Thread.ofVirtual().start(() -> {
                try {
                    never.take();
                } catch (InterruptedException released) {
                    // the measurement is over
                }
            });
        }
        for (Thread t : ts) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long heap1 = Memory.heapAfterGc();
        long rss1 = Memory.rss();
        for (Thread t : ts) {
            t.interrupt(); // SynchronousQueue has no close: release them by interrupt
        }
        for (Thread t : ts) {
            t.join();
        }
        return new double[] {(double) (heap1 - heap0) / parked, (double) (rss1 - rss0) / parked};
    }

    @Override
    public double select(int messages) throws InterruptedException {
        int perProducer = messages / 4;
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(4 * 128);
        long[] sum = new long[1];
        long start = System.nanoTime();
        Thread consumer = vt(() -> {
            long s = 0;
            for (int i = 0; i < 4 * perProducer; i++) {
                s += q.take();
            }
            sum[0] = s;
        });
        Thread[] producers = new Thread[4];
        for (int p = 0; p < 4; p++) {
            producers[p] = vt(() -> produce(q, perProducer));
        }
        joinAll(producers);
        consumer.join();
        double ns = Checks.nanosPer(start, 4L * perProducer);
        Checks.expect("W7 sum", sum[0], 4 * Checks.triangle(perProducer));
        return ns;
    }

    /**
     * W8: an acceptor virtual thread accepts {@code conns} connections, starts an echo server
     * thread per connection and joins them all before it ends; {@code conns} client threads each
     * make {@code requests / conns} round trips over their own connection. All of them block in
     * plain {@code java.net} socket reads and writes (the JDK's poller parks the virtual thread).
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
            long start = System.nanoTime();
            Thread acceptor = Thread.ofVirtual().start(failure.guard(() -> {
                List<Thread> servers = new ArrayList<>(conns);
                try (listener) { // stops listening once every client is in
                    for (int i = 0; i < conns; i++) {
                        Socket conn = Echo.accept(listener);
                        servers.add(Thread.ofVirtual().start(failure.guard(() -> echoed.addAndGet(Echo.serve(conn)))));
                    }
                } finally {
                    joinAll(servers.toArray(Thread[]::new));
                }
            }));
            Thread[] clients = new Thread[conns];
            for (int c = 0; c < conns; c++) {
                int id = c;
                clients[c] = Thread.ofVirtual().start(failure.guard(() -> tallies[id] = Echo.converse(port, id, rounds)));
            }
            joinAll(clients);
            listener.close(); // releases the acceptor if a client failed before it connected
            acceptor.join();
            ns = Checks.nanosPer(start, requests);
        }
        failure.rethrow();
        Echo.check(Arrays.asList(tallies), echoed.get(), requests);
        return ns;
    }
}
