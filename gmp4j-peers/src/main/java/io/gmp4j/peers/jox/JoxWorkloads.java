package io.gmp4j.peers.jox;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelDone;
import com.softwaremill.jox.ChannelError;
import com.softwaremill.jox.Select;
import io.gmp4j.peers.worker.Checks;
import io.gmp4j.peers.worker.Echo;
import io.gmp4j.peers.worker.Memory;
import io.gmp4j.peers.worker.Workloads;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Jox peer: Jox channels ({@link Channel#newRendezvousChannel()},
 * {@link Channel#newBufferedChannel(int)}, {@link com.softwaremill.jox.Select#select}) between plain
 * JDK virtual threads on the default scheduler, each started with {@code Thread.ofVirtual().start}
 * and joined with {@link Thread#join()}. Jox has channels but no networking: W8's virtual threads
 * do plain blocking {@code java.net} socket I/O, and its clients carry their tallies back to the
 * measuring thread over a Jox channel.
 *
 * <p>A failure inside a thread is recorded and rethrown by the method once everything is joined,
 * so a broken run reports an error instead of a wrong figure.
 */
public final class JoxWorkloads implements Workloads {
    private static final int WIDTH = 4;
    private static final int FANOUT = 10;

    public JoxWorkloads() {
    }

    /** W1: a pinger and a ponger bounce an int over two rendezvous channels; the ponger adds one. */
    @Override
    public double pingPong(int roundTrips) throws Exception {
        Channel<Integer> ping = Channel.newRendezvousChannel();
        Channel<Integer> pong = Channel.newRendezvousChannel();
        Failure failure = new Failure();
        int[] last = new int[1];
        long start = System.nanoTime();
        Thread ponger = failure.start(() -> {
            for (int i = 0; i < roundTrips; i++) {
                pong.send(ping.receive() + 1);
            }
        });
        Thread pinger = failure.start(() -> {
            int v = 0;
            for (int i = 0; i < roundTrips; i++) {
                ping.send(v);
                v = pong.receive();
            }
            last[0] = v;
        });
        pinger.join();
        ponger.join();
        double nanos = Checks.nanosPer(start, roundTrips);
        failure.rethrow();
        Checks.expect("W1 final ping value", last[0], roundTrips);
        return nanos;
    }

    /** W2: one producer sends 1..n into a channel of capacity 1024, one consumer sums them. */
    @Override
    public double spsc(int messages) throws Exception {
        Channel<Integer> ch = Channel.newBufferedChannel(1024);
        Failure failure = new Failure();
        long[] sumCount = new long[2];
        long start = System.nanoTime();
        Thread producer = failure.start(() -> {
            for (int i = 1; i <= messages; i++) {
                ch.send(i);
            }
            ch.done();
        });
        Thread consumer = failure.start(() -> drain(ch, sumCount));
        producer.join();
        consumer.join();
        double nanos = Checks.nanosPer(start, messages);
        failure.rethrow();
        Checks.expect("W2 count", sumCount[1], messages);
        Checks.expect("W2 sum", sumCount[0], Checks.triangle(messages));
        return nanos;
    }

    /**
     * W3: four producers each send 1..{@code messages / 4} into one channel of capacity 1024;
     * four consumers receive until it is done, which it is made once every producer has finished.
     */
    @Override
    public double mpmc(int messages) throws Exception {
        int q = messages / WIDTH;
        long total = (long) q * WIDTH;
        Channel<Integer> ch = Channel.newBufferedChannel(1024);
        Failure failure = new Failure();
        long[][] sumCounts = new long[WIDTH][2];
        Thread[] producers = new Thread[WIDTH];
        Thread[] consumers = new Thread[WIDTH];
        long start = System.nanoTime();
        for (int p = 0; p < WIDTH; p++) {
            producers[p] = failure.start(() -> {
                for (int i = 1; i <= q; i++) {
                    ch.send(i);
                }
            });
        }
        for (int c = 0; c < WIDTH; c++) {
            long[] sumCount = sumCounts[c];
            consumers[c] = failure.start(() -> drain(ch, sumCount));
        }
        for (Thread t : producers) {
            t.join();
        }
        ch.done();
        for (Thread t : consumers) {
            t.join();
        }
        double nanos = Checks.nanosPer(start, total);
        failure.rethrow();
        long sum = 0;
        long count = 0;
        for (long[] sc : sumCounts) {
            sum += sc[0];
            count += sc[1];
        }
        Checks.expect("W3 count", count, total);
        Checks.expect("W3 sum", sum, WIDTH * Checks.triangle(q));
        return nanos;
    }

    /** W4: skynet, 10 children per node down to {@code leaves} leaves, sums sent up rendezvous channels. */
    @Override
    public double skynet(int leaves) throws Exception {
        if (leaves < 1 || !isPowerOfTen(leaves)) {
            throw new IllegalArgumentException("W4 needs a power of 10 leaves, got " + leaves);
        }
        Channel<Long> root = Channel.newRendezvousChannel();
        Failure failure = new Failure();
        long start = System.nanoTime();
        Thread tree = failure.start(() -> skynetNode(failure, root, 0L, leaves));
        long sum = root.receive();
        tree.join();
        double millis = (System.nanoTime() - start) / 1e6;
        failure.rethrow();
        Checks.expect("W4 skynet sum", sum, (long) leaves * (leaves - 1) / 2);
        return millis;
    }

    /**
     * One skynet node: a leaf sends its number; an inner node makes a rendezvous channel, starts its
     * ten children, adds up the ten sums they send, sends the total up and joins its children (so
     * joining the root joins the whole tree).
     */
    private static void skynetNode(Failure failure, Channel<Long> up, long num, int size) throws InterruptedException {
        if (size == 1) {
            up.send(num);
            return;
        }
        Channel<Long> sums = Channel.newRendezvousChannel();
        int child = size / FANOUT;
        Thread[] children = new Thread[FANOUT];
        for (int i = 0; i < FANOUT; i++) {
            long childNum = num + (long) i * child;
            children[i] = failure.start(() -> skynetNode(failure, sums, childNum, child));
        }
        long sum = 0;
        for (int i = 0; i < FANOUT; i++) {
            sum += sums.receive();
        }
        up.send(sum);
        for (Thread t : children) {
            t.join();
        }
    }

    /**
     * W5: {@code ring} threads, thread i receiving on channel i and sending on channel i+1 (mod
     * ring); thread 0 injects a token that every hop increments, and each thread passes it on
     * {@code laps} times, then returns. The token coming back to thread 0 for the last time must
     * count ring·laps hops.
     */
    @Override
    public double ring(int ring, int laps) throws Exception {
        if (ring < 2) {
            throw new IllegalArgumentException("W5 needs a ring of at least 2, got " + ring);
        }
        long hops = (long) ring * laps;
        @SuppressWarnings("unchecked")
        Channel<Integer>[] chans = (Channel<Integer>[]) new Channel<?>[ring];
        for (int i = 0; i < ring; i++) {
            chans[i] = Channel.newRendezvousChannel();
        }
        Failure failure = new Failure();
        Thread[] members = new Thread[ring];
        int[] last = new int[1];
        long start = System.nanoTime();
        for (int i = 1; i < ring; i++) {
            Channel<Integer> in = chans[i];
            Channel<Integer> out = chans[(i + 1) % ring];
            members[i] = failure.start(() -> {
                for (int lap = 0; lap < laps; lap++) {
                    out.send(in.receive() + 1);
                }
            });
        }
        members[0] = failure.start(() -> {
            Channel<Integer> in = chans[0];
            Channel<Integer> out = chans[1];
            int token = 0;
            for (int lap = 0; lap < laps; lap++) {
                out.send(token + 1);
                token = in.receive();
            }
            last[0] = token;
        });
        for (Thread t : members) {
            t.join();
        }
        double nanos = Checks.nanosPer(start, hops);
        failure.rethrow();
        Checks.expect("W5 token hops (ring x laps)", last[0], hops);
        Checks.expect("W5 token laps", last[0] / ring, laps);
        return nanos;
    }

    /**
     * W6: {@code parked} virtual threads blocked in {@code receiveOrClosed} on one shared rendezvous
     * channel nobody sends on; heap (after full GCs) and RSS growth per thread. Then the channel is
     * made done and every thread joined.
     */
    @Override
    public double[] parkedMemory(int parked) throws Exception {
        Channel<Integer> ch = Channel.newRendezvousChannel();
        Failure failure = new Failure();
        Thread[] threads = new Thread[parked];
        long heapBefore = Memory.heapAfterGc();
        long rssBefore = Memory.rss();
        for (int i = 0; i < parked; i++) {
            threads[i] = failure.start(ch::receiveOrClosed); // blocks until the channel is done
        }
        for (Thread t : threads) { // parked in receive, not merely started
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long heapAfter = Memory.heapAfterGc();
        long rssAfter = Memory.rss();
        ch.done();
        for (Thread t : threads) {
            t.join();
        }
        failure.rethrow();
        return new double[] {
            (double) (heapAfter - heapBefore) / parked, (double) (rssAfter - rssBefore) / parked
        };
    }

    /**
     * W7: four producers each send 1..{@code messages / 4} into their own channel of capacity
     * 128; one consumer selects over the four until it has received them all.
     */
    @Override
    public double select(int messages) throws Exception {
        int q = messages / WIDTH;
        int total = q * WIDTH;
        Channel<Integer> c0 = Channel.newBufferedChannel(128);
        Channel<Integer> c1 = Channel.newBufferedChannel(128);
        Channel<Integer> c2 = Channel.newBufferedChannel(128);
        Channel<Integer> c3 = Channel.newBufferedChannel(128);
        @SuppressWarnings("unchecked")
        Channel<Integer>[] chans = (Channel<Integer>[]) new Channel<?>[] {c0, c1, c2, c3};
        Failure failure = new Failure();
        Thread[] producers = new Thread[WIDTH];
        long[] sumCount = new long[2];
        long start = System.nanoTime();
        for (int p = 0; p < WIDTH; p++) {
            Channel<Integer> ch = chans[p];
            producers[p] = failure.start(() -> {
                for (int i = 1; i <= q; i++) {
                    ch.send(i);
                }
            });
        }
        Thread consumer = failure.start(() -> {
            long sum = 0;
            long count = 0;
            for (int i = 0; i < total; i++) {
                sum += Select.select(
                        c0.receiveClause(), c1.receiveClause(), c2.receiveClause(), c3.receiveClause());
                count++;
            }
            sumCount[0] = sum;
            sumCount[1] = count;
        });
        consumer.join();
        for (Thread t : producers) {
            t.join();
        }
        double nanos = Checks.nanosPer(start, total);
        failure.rethrow();
        Checks.expect("W7 count", sumCount[1], total);
        Checks.expect("W7 sum", sumCount[0], WIDTH * Checks.triangle(q));
        return nanos;
    }

    /**
     * W8: an acceptor thread accepts {@code conns} connections, starts an echo server thread per
     * connection and joins them all before it ends; {@code conns} client threads each make
     * {@code requests / conns} round trips over their own connection and send their tally into a
     * buffered channel, which the measuring thread receives from. A client that fails records its
     * failure and makes the channel errored, so the measuring thread stops waiting for tallies.
     */
    @Override
    public double echo(int conns, int requests) throws Exception {
        Echo.requireShape(conns, requests);
        int rounds = requests / conns;
        Channel<Echo.Tally> tallies = Channel.newBufferedChannel(conns);
        Failure failure = new Failure();
        AtomicLong echoed = new AtomicLong();
        List<Echo.Tally> received = new ArrayList<>(conns);
        double nanos;
        try (ServerSocket listener = Echo.listen(conns)) {
            int port = listener.getLocalPort();
            long start = System.nanoTime();
            Thread acceptor = failure.start(() -> {
                List<Thread> servers = new ArrayList<>(conns);
                try (listener) { // stops listening once every client is in
                    for (int i = 0; i < conns; i++) {
                        Socket conn = Echo.accept(listener);
                        servers.add(failure.start(() -> echoed.addAndGet(Echo.serve(conn))));
                    }
                } finally {
                    for (Thread t : servers) {
                        t.join();
                    }
                }
            });
            Thread[] clients = new Thread[conns];
            for (int c = 0; c < conns; c++) {
                int id = c;
                clients[c] = failure.start(() -> {
                    try {
                        tallies.send(Echo.converse(port, id, rounds));
                    } catch (Exception e) {
                        failure.record(e); // first, so the cause is kept rather than a sibling's closed channel
                        tallies.errorOrClosed(e);
                    }
                });
            }
            for (int i = 0; i < conns; i++) {
                Object r = tallies.receiveOrClosed();
                if (!(r instanceof Echo.Tally t)) {
                    break; // errored: a client failed, and the failure holds why
                }
                received.add(t);
            }
            for (Thread t : clients) {
                t.join();
            }
            listener.close(); // releases the acceptor if a client failed before it connected
            acceptor.join();
            nanos = Checks.nanosPer(start, requests);
        }
        failure.rethrow();
        Echo.check(received, echoed.get(), requests);
        return nanos;
    }

    /** Receives from {@code ch} until it is done; leaves {sum, count} in {@code sumCount}. */
    private static void drain(Channel<Integer> ch, long[] sumCount) throws InterruptedException {
        long sum = 0;
        long count = 0;
        while (true) {
            Object r = ch.receiveOrClosed();
            if (r instanceof Integer v) {
                sum += v;
                count++;
            } else if (r instanceof ChannelDone) {
                break;
            } else if (r instanceof ChannelError e) {
                throw e.toException();
            }
        }
        sumCount[0] = sum;
        sumCount[1] = count;
    }

    private static boolean isPowerOfTen(int n) {
        int x = n;
        while (x % 10 == 0) {
            x /= 10;
        }
        return x == 1;
    }

    /** A thread body that may block (Jox's operations throw {@link InterruptedException}). */
    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Starts virtual threads and keeps the first failure any of them hits. */
    private static final class Failure {
        private final AtomicReference<Throwable> first = new AtomicReference<>();

        Thread start(Body body) {
            return Thread.ofVirtual().start(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    record(e);
                }
            });
        }

        void record(Throwable e) {
            first.compareAndSet(null, e);
        }

        void rethrow() throws Exception {
            Throwable e = first.get();
            if (e instanceof Exception ex) {
                throw ex;
            }
            if (e instanceof Error err) {
                throw err;
            }
        }
    }
}
