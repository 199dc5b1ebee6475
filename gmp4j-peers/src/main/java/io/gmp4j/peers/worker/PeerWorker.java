package io.gmp4j.peers.worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A peer's worker process: one long-lived JVM per peer, so JIT warm-up carries across rounds and
 * the runner can interleave peers without paying a JVM start per measurement.
 *
 * <p>The line protocol (the Go worker in {@code go/main.go} speaks the same):
 * <pre>
 *   worker → "ready PEER VERSION"                       once, at start
 *   runner → "W1 N" | "W2 N" | "W3 N" | "W4 N" | "W5 RING LAPS" | "W6 N" | "W7 N" | "W8 CONNS REQUESTS"
 *   worker → "ok VALUE"  (W6: "ok HEAP_BYTES RSS_BYTES", per goroutine)   or   "err MESSAGE"
 *   runner → "quit" (or end of input)                   the worker exits
 * </pre>
 * Nothing else is written to standard output; logs go to standard error.
 */
public final class PeerWorker {
    /** Peer name → the {@link Workloads} class implementing it. */
    static final Map<String, String> PEERS = Map.of(
            "gmp4j", "io.gmp4j.peers.gmp4j.Gmp4jWorkloads",
            "jdk", "io.gmp4j.peers.jdk.JdkWorkloads",
            "jox", "io.gmp4j.peers.jox.JoxWorkloads",
            "kotlin", "io.gmp4j.peers.kotlin.KotlinWorkloads");

    private PeerWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !PEERS.containsKey(args[0])) {
            System.err.println("usage: PeerWorker " + String.join("|", PEERS.keySet()));
            System.exit(2);
        }
        Workloads peer = (Workloads) Class.forName(PEERS.get(args[0])).getDeclaredConstructor().newInstance();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // a stray print must not corrupt the protocol
        out.println("ready " + args[0] + " " + Runtime.version());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("quit")) {
                break;
            }
            out.println(answer(peer, line));
        }
        out.flush();
        System.exit(0);
    }

    /** The reply line for one request line. */
    static String answer(Workloads peer, String line) {
        String[] f = line.split("\\s+");
        try {
            return switch (f[0]) {
                case "W1" -> ok(peer.pingPong(arg(f, 1)));
                case "W2" -> ok(peer.spsc(arg(f, 1)));
                case "W3" -> ok(peer.mpmc(arg(f, 1)));
                case "W4" -> ok(peer.skynet(arg(f, 1)));
                case "W5" -> ok(peer.ring(arg(f, 1), arg(f, 2)));
                case "W6" -> ok(peer.parkedMemory(arg(f, 1)));
                case "W7" -> ok(peer.select(arg(f, 1)));
                case "W8" -> ok(peer.echo(arg(f, 1), arg(f, 2)));
                default -> "err unknown workload '" + f[0] + "' (expected W1..W8)";
            };
        } catch (Throwable e) {
            // one line whatever the message holds: the runner's readLine also ends a line at '\r'
            return "err " + (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\r', ' ').replace('\n', ' ');
        }
    }

    static int arg(String[] f, int i) {
        if (f.length <= i) {
            throw new IllegalArgumentException(f[0] + " needs " + i + " numeric argument(s)");
        }
        return Integer.parseInt(f[i]);
    }

    static String ok(double... values) {
        StringBuilder sb = new StringBuilder("ok");
        for (double v : values) {
            sb.append(' ').append(String.format(Locale.ROOT, "%.3f", v));
        }
        return sb.toString();
    }
}
