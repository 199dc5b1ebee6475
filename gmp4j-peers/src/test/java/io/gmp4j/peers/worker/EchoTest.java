package io.gmp4j.peers.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * W8's shared halves against hand-written misbehaving partners: a server that corrupts or cuts
 * an echo, a client that hangs up mid-message. The peers' runs in {@link PeerWorkloadsTest} only
 * ever meet well-behaved partners, so this is where the checks are shown to bite.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoTest {

    @FunctionalInterface
    private interface Partner {
        void run(Socket conn) throws Exception;
    }

    /** Accepts one connection on a new listener and runs {@code partner} on it in a virtual thread. */
    private static final class OneConnection implements AutoCloseable {
        final ServerSocket listener;
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        OneConnection(Partner partner) throws IOException {
            listener = Echo.listen(1);
            thread = Thread.ofVirtual().start(() -> {
                try (Socket conn = Echo.accept(listener)) {
                    partner.run(conn);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            thread.join();
            listener.close();
            assertThat(failure.get()).as("the fake partner's own failure").isNull();
        }
    }

    /**
     * Echoes {@code echoes} messages, adding one to byte 20 of echo number {@code corrupt}; then
     * reads one more message (or the client's end of stream), writes back only its first
     * {@code lastBytes} bytes and hangs up. Reading everything first makes the hang-up a clean
     * end of stream, not a reset.
     */
    private static Partner faultyServer(int echoes, int corrupt, int lastBytes) {
        return conn -> {
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] m = new byte[Echo.MESSAGE_BYTES];
            for (int i = 0; i < echoes; i++) {
                assertThat(in.readNBytes(m, 0, m.length)).isEqualTo(Echo.MESSAGE_BYTES);
                if (i == corrupt) {
                    m[20]++;
                }
                out.write(m);
            }
            in.readNBytes(m, 0, m.length);
            out.write(m, 0, lastBytes);
        };
    }

    @Test
    void aMessageEncodesTheClientAndTheSequenceNumber() {
        byte[] m = new byte[Echo.MESSAGE_BYTES];
        Echo.fill(m, 1, 2);

        assertThat(m).startsWith(0, 0, 0, 1, 0, 0, 0, 2);
        assertThat(m[8]).isEqualTo((byte) (31 + 2 + 8));
        assertThat(m[63]).isEqualTo((byte) (31 + 2 + 63));

        Echo.fill(m, 300, 70_000); // 300 = 0x12c, 70,000 = 0x11170
        assertThat(m).startsWith(0, 0, 0x01, 0x2c, 0, 0x01, 0x11, 0x70);
    }

    @Test
    void everyClientAndSequenceNumberHasItsOwnMessage() {
        Set<String> seen = new HashSet<>();
        for (int client = 0; client < 100; client++) {
            for (int seq = 0; seq < 100; seq++) {
                byte[] m = new byte[Echo.MESSAGE_BYTES];
                Echo.fill(m, client, seq);
                assertThat(seen.add(new String(m, StandardCharsets.ISO_8859_1))).as("%d/%d", client, seq).isTrue();
            }
        }
    }

    @Test
    void theRequestsMustBeSharedEquallyByAPositiveNumberOfConnections() {
        assertThatCode(() -> Echo.requireShape(100, 100_000)).doesNotThrowAnyException();
        assertThatCode(() -> Echo.requireShape(1, 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Echo.requireShape(3, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("W8 request count must be a positive multiple of the connection count 3, got 100");
        assertThatThrownBy(() -> Echo.requireShape(4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> Echo.requireShape(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("W8 connection count must be positive, got 0");
    }

    @Test
    void theFinalCheckWantsEveryRoundTripEveryEchoAndNoMismatch() {
        List<Echo.Tally> fine = List.of(new Echo.Tally(5, 0), new Echo.Tally(5, 0));
        assertThatCode(() -> Echo.check(fine, 10, 10)).doesNotThrowAnyException();

        assertThatThrownBy(() -> Echo.check(List.of(new Echo.Tally(5, 0), new Echo.Tally(4, 0)), 10, 10))
                .isInstanceOf(IllegalStateException.class).hasMessage("W8 round trips was 9, expected 10");
        assertThatThrownBy(() -> Echo.check(fine, 11, 10))
                .hasMessage("W8 messages echoed by the servers was 11, expected 10");
        assertThatThrownBy(() -> Echo.check(List.of(new Echo.Tally(5, 0), new Echo.Tally(5, 2)), 10, 10))
                .hasMessage("W8 echoes that differed from the request was 2, expected 0");
    }

    @Test
    void theListenerIsOnLoopbackOnAnEphemeralPort() throws IOException {
        try (ServerSocket listener = Echo.listen(4)) {
            assertThat(listener.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(listener.getLocalPort()).isPositive();
        }
    }

    @Test
    void aClientCountsEchoesThatDifferFromWhatItSent() throws Exception {
        Echo.Tally tally;
        try (OneConnection server = new OneConnection(faultyServer(3, 1, 0))) {
            tally = Echo.converse(server.port(), 7, 3);
        }

        assertThat(tally).isEqualTo(new Echo.Tally(3, 1));
    }

    @Test
    void aClientWhoseEchoNeverComesFails() throws Exception {
        try (OneConnection server = new OneConnection(faultyServer(2, -1, 0))) { // two echoes, then hangs up
            assertThatThrownBy(() -> Echo.converse(server.port(), 5, 3))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("W8 client 5: connection closed after 0 of 64 bytes");
        }
    }

    @Test
    void aClientWhoseEchoIsCutShortFails() throws Exception {
        try (OneConnection server = new OneConnection(faultyServer(1, -1, 10))) { // one echo, then 10 bytes
            assertThatThrownBy(() -> Echo.converse(server.port(), 6, 3))
                    .isInstanceOf(EOFException.class)
                    .hasMessage("W8 client 6: connection closed after 10 of 64 bytes");
        }
    }

    @Test
    void aServerEchoesUntilTheClientClosesAndCountsItsEchoes() throws Exception {
        long[] echoed = new long[1];
        List<byte[]> echoes = new ArrayList<>();
        try (ServerSocket listener = Echo.listen(1)) {
            Thread server = Thread.ofVirtual().start(() -> {
                try {
                    echoed[0] = Echo.serve(Echo.accept(listener));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket conn = new Socket(Echo.LOOPBACK, listener.getLocalPort())) {
                for (int seq = 0; seq < 3; seq++) {
                    byte[] m = new byte[Echo.MESSAGE_BYTES];
                    Echo.fill(m, 9, seq);
                    conn.getOutputStream().write(m);
                    echoes.add(conn.getInputStream().readNBytes(Echo.MESSAGE_BYTES));
                }
            }
            server.join();
        }

        assertThat(echoed[0]).isEqualTo(3);
        for (int seq = 0; seq < 3; seq++) {
            byte[] m = new byte[Echo.MESSAGE_BYTES];
            Echo.fill(m, 9, seq);
            assertThat(echoes.get(seq)).as("echo %d", seq).isEqualTo(m);
        }
    }

    @Test
    void aServerWhoseClientHangsUpMidMessageFails() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ServerSocket listener = Echo.listen(1)) {
            Thread server = Thread.ofVirtual().start(() -> {
                try {
                    Echo.serve(Echo.accept(listener));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            try (Socket conn = new Socket(Echo.LOOPBACK, listener.getLocalPort())) {
                conn.getOutputStream().write(new byte[10]);
            }
            server.join();
        }

        assertThat(failure.get()).isInstanceOf(EOFException.class)
                .hasMessage("W8 server: connection closed after 10 of 64 bytes");
    }
}
