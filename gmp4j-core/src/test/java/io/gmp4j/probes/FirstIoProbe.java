package io.gmp4j.probes;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.internal.g.G;
import io.gmp4j.internal.g.Registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child-JVM probe: the JVM's first network I/O happens inside a goroutine that then ends (so the
 * JDK starts its pollers from that goroutine); then 50 goroutines block in reads and must all
 * wake when data arrives. Prints what it saw, one key=value per line.
 */
public final class FirstIoProbe {
    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        int port = server.getLocalPort();
        Goroutine first = Go.go("first-io", () -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getInputStream().read(); // parks in the poller: the pollers start now, from here
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (Socket p = server.accept()) {
            while (!first.waitReason().equals("IO wait")) {
                Thread.onSpinWait();
            }
            p.getOutputStream().write(1);
        }
        first.join();
        AtomicInteger woke = new AtomicInteger();
        List<Goroutine> readers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            readers.add(Go.go("reader-" + i, () -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    if (s.getInputStream().read() == 9) {
                        woke.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            peers.add(server.accept());
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!readers.stream().allMatch(g -> g.waitReason().equals("IO wait")) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long t0 = System.nanoTime();
        for (Socket p : peers) {
            p.getOutputStream().write(9);
        }
        boolean allJoined = true;
        for (Goroutine g : readers) {
            allJoined &= g.join(java.time.Duration.ofSeconds(20));
        }
        System.out.println("woke=" + woke.get());
        System.out.println("allJoined=" + allJoined);
        System.out.println("wakeMillis=" + (System.nanoTime() - t0) / 1_000_000);
        System.out.println("numGoroutine=" + Go.numGoroutine());
        System.out.println("userSubPollers=" + Go.all().stream().filter(g -> g.name().startsWith("SubPoller")).count());
        System.out.println("systemGoroutines=" + Registry.global().system().stream().map(G::name).sorted().toList());
        for (Socket p : peers) {
            p.close();
        }
        server.close();
    }
}
