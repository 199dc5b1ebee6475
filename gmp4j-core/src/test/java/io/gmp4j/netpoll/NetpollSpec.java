package io.gmp4j.netpoll;

import com.sun.net.httpserver.HttpServer;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;
import io.gmp4j.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Goroutines blocked on the network (the JDK's poller, Go's netpoller) release their P, wait as
 * "IO wait", and come back through the scheduler when their socket is ready, whichever goroutine
 * did the first network I/O of the JVM; the JDK's {@code HttpServer} with its handlers on goroutines
 * and {@code java.net.http.HttpClient} called from goroutines serve a thousand concurrent requests,
 * none lost, none mixed up. Run with 2 P's ({@link NetpollTest}) and with one
 * ({@link NetpollOneProcTest}).
 */
abstract class NetpollSpec {
    static final Duration LONG = Duration.ofSeconds(20);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @BeforeEach
    void onTheGmpScheduler() {
        assertThat(Scheduler.mode()).isEqualTo(SchedulerMode.GMP);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    <T extends AutoCloseable> T closing(T c) {
        toClose.add(c);
        return c;
    }

    @Test
    void oneGoroutineBlockedInAReadWakesWhenDataArrivesAndWaitsAsIoWait() throws Exception {
        ServerSocket server = closing(new ServerSocket(0, 50, LOOPBACK));
        AtomicInteger got = new AtomicInteger(-1);
        Goroutine reader = Go.go("reader", () -> {
            try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                got.set(s.getInputStream().read());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Socket peer = closing(server.accept());
        // A parked virtual thread may wake spuriously (the JDK's park allows it) and park again:
        // the three readings are taken together, in one look, until one look sees all three.
        Await.until("reader in IO wait, since a known time", LONG, () -> reader.state() == GoroutineState.WAITING
                && reader.waitReason().equals("IO wait") && reader.waitingSince().isPresent());
        peer.getOutputStream().write(42);
        assertThat(reader.join(LONG)).as("the reader woke").isTrue();
        assertThat(got.get()).isEqualTo(42);
    }

    @Test
    void twoHundredReadersWakeAndACpuBoundGoroutineGetsThePWhileTheyWait() throws Exception {
        int n = 200;
        ServerSocket server = closing(new ServerSocket(0, n, LOOPBACK));
        ConcurrentHashMap<Integer, Integer> got = new ConcurrentHashMap<>();
        List<Goroutine> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            readers.add(Go.go("reader-" + i, () -> {
                try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                    s.getOutputStream().write(me); // says who it is (mod 256)
                    s.getOutputStream().write(me >> 8);
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    got.put(me, b);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            peers.add(closing(server.accept()));
        }
        Await.until("all " + n + " readers in IO wait", LONG,
                () -> readers.stream().allMatch(g -> g.waitReason().equals("IO wait")));
        // A CPU-bound goroutine gets a P while they all wait: they hold none.
        AtomicBoolean computed = new AtomicBoolean();
        Goroutine cpu = Go.go("cpu", () -> {
            long end = System.nanoTime() + 50_000_000L;
            long x = 0;
            while (System.nanoTime() < end) {
                x += Long.numberOfTrailingZeros(x + 1);
            }
            computed.set(x >= 0);
        });
        assertThat(cpu.join(LONG)).isTrue();
        assertThat(computed.get()).isTrue();
        assertThat(got).as("nobody woke before the data was sent").isEmpty();
        for (Socket p : peers) {
            InputStream in = p.getInputStream();
            int id = in.read() | in.read() << 8;
            p.getOutputStream().write(id % 251);
        }
        for (Goroutine g : readers) {
            assertThat(g.join(LONG)).as(g.name() + " woke").isTrue();
        }
        assertThat(got).hasSize(n);
        got.forEach((id, b) -> assertThat(b).isEqualTo(id % 251));
    }

    @Test
    void acceptWaitsAsIoWaitAndConnectAndAcceptCompleteOnGoroutines() throws Exception {
        ServerSocket server = closing(new ServerSocket(0, 50, LOOPBACK));
        AtomicReference<String> greeting = new AtomicReference<>();
        Goroutine acceptor = Go.go("acceptor", () -> {
            try (Socket s = server.accept()) {
                s.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Await.until("acceptor in IO wait", LONG, () -> acceptor.waitReason().equals("IO wait"));
        Goroutine connector = Go.go("connector", () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 10_000);
                greeting.set(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(acceptor.join(LONG)).isTrue();
        assertThat(connector.join(LONG)).isTrue();
        assertThat(greeting.get()).isEqualTo("hello\n");
    }

    @Test
    void aWriterBlockedOnAFullSocketWaitsAsIoWaitAndLosesNoByte() throws Exception {
        ServerSocket server = closing(new ServerSocket(0, 50, LOOPBACK));
        int total = 16 << 20; // far beyond the socket buffers
        AtomicLong written = new AtomicLong();
        Goroutine writer = Go.go("writer", () -> {
            try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                OutputStream out = s.getOutputStream();
                byte[] chunk = new byte[64 << 10];
                for (int sent = 0; sent < total; sent += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) (sent + i);
                    }
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Socket peer = closing(server.accept());
        Await.until("writer blocked on a full socket (IO wait)", LONG, () -> writer.waitReason().equals("IO wait"));
        assertThat(written.get()).isLessThan(total);
        InputStream in = peer.getInputStream();
        byte[] buf = new byte[32 << 10];
        long read = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            for (int i = 0; i < r; i++) {
                assertThat(buf[i]).isEqualTo((byte) (read + i));
            }
            read += r;
        }
        assertThat(writer.join(LONG)).isTrue();
        assertThat(read).isEqualTo(total);
    }

    @Test
    void aReadWithASocketTimeoutWaitsAsIoWaitAndTimesOut() throws Exception {
        ServerSocket server = closing(new ServerSocket(0, 50, LOOPBACK));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine reader = Go.go("timed-reader", () -> {
            try (Socket s = new Socket(LOOPBACK, server.getLocalPort())) {
                s.setSoTimeout(1_500);
                s.getInputStream().read();
            } catch (IOException e) {
                thrown.set(e);
            }
        });
        closing(server.accept());
        Await.until("timed reader in IO wait", LONG, () -> reader.waitReason().equals("IO wait"));
        assertThat(reader.join(LONG)).isTrue();
        assertThat(thrown.get()).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void socketChannelAndSelectorUsersWaitAsIoWaitAndWake() throws Exception {
        ServerSocketChannel server = closing(ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0)));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        AtomicReference<String> blockingGot = new AtomicReference<>();
        Goroutine blocking = Go.go("channel-reader", () -> {
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(LOOPBACK, port))) {
                ByteBuffer b = ByteBuffer.allocate(5);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // read until 5 bytes
                }
                blockingGot.set(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        SocketChannel p1 = closing(server.accept());
        AtomicInteger selected = new AtomicInteger();
        AtomicReference<String> selectorGot = new AtomicReference<>();
        Goroutine selecting = Go.go("selector", () -> {
            try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(LOOPBACK, port));
                 Selector sel = Selector.open()) {
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ);
                selected.set(sel.select());
                ByteBuffer b = ByteBuffer.allocate(16);
                ch.read(b);
                selectorGot.set(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        SocketChannel p2 = closing(server.accept());
        Await.until("both in IO wait", LONG,
                () -> blocking.waitReason().equals("IO wait") && selecting.waitReason().equals("IO wait"));
        p1.write(ByteBuffer.wrap("abcde".getBytes(StandardCharsets.UTF_8)));
        p2.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)));
        assertThat(blocking.join(LONG)).isTrue();
        assertThat(selecting.join(LONG)).isTrue();
        assertThat(blockingGot.get()).isEqualTo("abcde");
        assertThat(selected.get()).isEqualTo(1);
        assertThat(selectorGot.get()).isEqualTo("ping");
    }

    private static final int REQUESTS = 1_000;
    private static final int CALLERS = 100;

    @Test
    void aThousandConcurrentRequestsFromGoroutinesToHandlersOnGoroutinesAllComeBackRight() throws Exception {
        assertThat(Scheduler.mode()).isEqualTo(SchedulerMode.GMP);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        Set<Long> handlerGoroutines = ConcurrentHashMap.newKeySet();
        AtomicInteger notOnAGoroutine = new AtomicInteger();
        server.createContext("/echo", ex -> {
            Go.current().ifPresentOrElse(g -> handlerGoroutines.add(g.id()), notOnAGoroutine::incrementAndGet);
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] out = ("echo:" + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.setExecutor(r -> Go.go("http-handler", r));
        server.start();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            URI uri = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/echo");
            Set<Integer> answered = ConcurrentHashMap.newKeySet();
            List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Goroutine> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                int caller = c;
                callers.add(Go.go("caller-" + c, () -> {
                    for (int i = caller; i < REQUESTS; i += CALLERS) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(30))
                                            .POST(HttpRequest.BodyPublishers.ofString("req-" + i)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().equals("echo:req-" + i)) {
                                if (!answered.add(i)) {
                                    wrong.add("duplicate " + i);
                                }
                            } else {
                                wrong.add(i + " -> " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            wrong.add(i + " -> " + e);
                        }
                    }
                }));
            }
            for (Goroutine g : callers) {
                assertThat(g.join(Duration.ofMinutes(2))).as(g.name() + " finished").isTrue();
            }
            assertThat(wrong).isEmpty();
            assertThat(answered).hasSize(REQUESTS);
            assertThat(notOnAGoroutine.get()).isZero();
            assertThat(handlerGoroutines).hasSize(REQUESTS);
        } finally {
            server.stop(0);
        }
    }
}
