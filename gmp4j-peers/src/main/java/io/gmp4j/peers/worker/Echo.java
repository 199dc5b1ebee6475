package io.gmp4j.peers.worker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * W8's parts that do not depend on the peer: the arguments' check, the 64-byte message a client
 * sends (it encodes the client's id and the sequence number, so a crossed or stale echo is seen),
 * the final checks, and the blocking-socket halves of the echo (one server connection, one
 * client) that the gmp4j, JDK and Jox peers run on their goroutines or virtual threads. Every
 * socket has Nagle's algorithm off ({@code TCP_NODELAY}), as Go's do by default. The Kotlin peer
 * does the same over {@code AsynchronousSocketChannel}; Go's worker writes the same bytes.
 */
public final class Echo {
    /** Bytes in a request and in its echo. */
    public static final int MESSAGE_BYTES = 64;

    /** 127.0.0.1: the listener binds it, port 0 (an ephemeral port), and the clients connect to it. */
    public static final InetAddress LOOPBACK = loopback();

    private Echo() {
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code requests} round trips shared equally by {@code conns} connections, or an {@link IllegalArgumentException}. */
    public static void requireShape(int conns, int requests) {
        if (conns <= 0) {
            throw new IllegalArgumentException("W8 connection count must be positive, got " + conns);
        }
        if (requests <= 0 || requests % conns != 0) {
            throw new IllegalArgumentException("W8 request count must be a positive multiple of the connection count "
                    + conns + ", got " + requests);
        }
    }

    /**
     * Writes client {@code client}'s message number {@code seq} into {@code message}: the two
     * numbers as big-endian 32-bit ints, then {@code (client * 31 + seq + i) & 0xff} for every
     * byte {@code i} from 8 to 63.
     */
    public static void fill(byte[] message, int client, int seq) {
        putInt(message, 0, client);
        putInt(message, 4, seq);
        for (int i = 8; i < MESSAGE_BYTES; i++) {
            message[i] = (byte) (client * 31 + seq + i);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Throws unless {@code read} is a whole message: the peer closed the connection mid-message. */
    public static void requireWhole(String who, int read) throws EOFException {
        if (read != MESSAGE_BYTES) {
            throw new EOFException("W8 " + who + ": connection closed after " + read + " of " + MESSAGE_BYTES + " bytes");
        }
    }

    /** What one client did: round trips made, and echoes that differed from what it sent. */
    public record Tally(long roundTrips, long mismatches) {
    }

    /** The checks every peer's W8 ends with, once every client and server has finished. */
    public static void check(Iterable<Tally> tallies, long echoed, long requests) {
        long roundTrips = 0;
        long mismatches = 0;
        for (Tally t : tallies) {
            roundTrips += t.roundTrips();
            mismatches += t.mismatches();
        }
        Checks.expect("W8 round trips", roundTrips, requests);
        Checks.expect("W8 messages echoed by the servers", echoed, requests);
        Checks.expect("W8 echoes that differed from the request", mismatches, 0);
    }

    /** A listening socket on 127.0.0.1, ephemeral port, with room in its queue for every client at once. */
    public static ServerSocket listen(int conns) throws IOException {
        return new ServerSocket(0, conns, LOOPBACK);
    }

    /** The next connection, with Nagle off. */
    public static Socket accept(ServerSocket listener) throws IOException {
        Socket conn = listener.accept();
        try {
            conn.setTcpNoDelay(true);
        } catch (IOException e) {
            conn.close();
            throw e;
        }
        return conn;
    }

    /**
     * The server side of one connection: reads exactly 64 bytes and writes them back, until the
     * client closes; then closes the connection. Returns the messages echoed.
     */
    public static long serve(Socket conn) throws IOException {
        try (conn) {
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] message = new byte[MESSAGE_BYTES];
            long echoed = 0;
            while (true) {
                int read = in.readNBytes(message, 0, MESSAGE_BYTES);
                if (read == 0) {
                    return echoed;
                }
                requireWhole("server", read);
                out.write(message);
                echoed++;
            }
        }
    }

    /**
     * Client {@code client}: connects to {@code port}, makes {@code rounds} round trips (write
     * message {@code seq}, read exactly 64 bytes back, compare), and closes the connection.
     */
    public static Tally converse(int port, int client, int rounds) throws IOException {
        try (Socket conn = new Socket()) {
            conn.setTcpNoDelay(true);
            conn.connect(new InetSocketAddress(LOOPBACK, port));
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] sent = new byte[MESSAGE_BYTES];
            byte[] echo = new byte[MESSAGE_BYTES];
            long mismatches = 0;
            for (int seq = 0; seq < rounds; seq++) {
                fill(sent, client, seq);
                out.write(sent);
                requireWhole("client " + client, in.readNBytes(echo, 0, MESSAGE_BYTES));
                if (!Arrays.equals(sent, echo)) {
                    mismatches++;
                }
            }
            return new Tally(rounds, mismatches);
        }
    }
}
