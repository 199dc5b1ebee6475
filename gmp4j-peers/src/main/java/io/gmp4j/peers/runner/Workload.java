package io.gmp4j.peers.runner;

import java.util.List;

/**
 * The eight workloads as the runner sees them: the request line sent to a peer (sizes from the
 * issue, times a scale for quick runs) and the metrics its reply carries. W6 replies with two
 * figures (heap and RSS per parked goroutine); every other workload with one. Lower is better
 * for every metric (W8's requests per second are 1e9 ÷ its nanoseconds per request).
 */
public enum Workload {
    W1("unbuffered ping-pong", "1M round trips", List.of(new Metric("W1", "ns/round trip"))),
    W2("1 producer → 1 consumer, cap 1024", "10M messages", List.of(new Metric("W2", "ns/msg"))),
    W3("4 producers → 4 consumers, cap 1024", "10M messages", List.of(new Metric("W3", "ns/msg"))),
    W4("skynet", "1M leaves", List.of(new Metric("W4", "ms"))),
    W5("ring of 10,000 passing a token", "100 laps", List.of(new Metric("W5", "ns/hop"))),
    W6("memory per parked goroutine", "100,000 parked", List.of(
            new Metric("W6 heap", "bytes/goroutine"), new Metric("W6 RSS", "bytes/goroutine"))),
    W7("select over 4 channels, cap 128, 4 producers", "4M messages", List.of(new Metric("W7", "ns/msg"))),
    W8("loopback TCP echo, 64-byte requests", "100 connections, 100,000 requests", List.of(new Metric("W8", "ns/request")));

    /** One reported figure: its name in tables and JSON, and its unit. */
    public record Metric(String name, String unit) {
    }

    private final String title;
    private final String size;
    private final List<Metric> metrics;

    Workload(String title, String size, List<Metric> metrics) {
        this.title = title;
        this.size = size;
        this.metrics = metrics;
    }

    public String title() {
        return title;
    }

    /**
     * Whether each measurement runs in a worker started for it alone. W6 does: heap and RSS
     * growth mean something only in a process whose pages and pools earlier workloads have not
     * already grown (Go's runtime would also start goroutines on the larger stacks it learned
     * from earlier workloads). That fresh worker first runs {@link #warmupRequests} so the JVM
     * peers park from compiled code, as a service that has been up for a while does: an
     * interpreted frame is several times larger in a parked virtual thread's stack chunk.
     */
    public boolean freshProcess() {
        return this == W6;
    }

    /**
     * Requests a fresh worker runs, unrecorded, before the measured one. W6: four at a fifth of
     * the size, so the park path is compiled by the top tier before the measured goroutines park
     * (with two at a tenth, gmp4j's figure ranged 836-1,527 bytes over three fresh workers).
     */
    public List<String> warmupRequests(double scale) {
        if (this != W6) {
            return List.of();
        }
        String small = "W6 " + scaled(20_000, scale, 1);
        return List.of(small, small, small, small);
    }

    /** The full size, as the issue states it. */
    public String size() {
        return size;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * The request line at {@code scale} (1.0 = the sizes). W8 keeps its 100 connections
     * at every scale; its requests stay a multiple of 100, so every connection makes as many.
     */
    public String request(double scale) {
        return switch (this) {
            case W1 -> "W1 " + scaled(1_000_000, scale, 1);
            case W2 -> "W2 " + scaled(10_000_000, scale, 1);
            case W3 -> "W3 " + scaled(10_000_000, scale, 4);
            case W4 -> "W4 " + powerOfTen(scaled(1_000_000, scale, 10));
            case W5 -> "W5 10000 " + scaled(100, scale, 1);
            case W6 -> "W6 " + scaled(100_000, scale, 1);
            case W7 -> "W7 " + scaled(4_000_000, scale, 4);
            case W8 -> "W8 100 " + scaled(100_000, scale, 100);
        };
    }

    private static long scaled(long full, double scale, long multipleOf) {
        long n = Math.max(multipleOf, Math.round(full * scale));
        return n - n % multipleOf;
    }

    private static long powerOfTen(long n) {
        long p = 10;
        while (p * 10 <= n) {
            p *= 10;
        }
        return p;
    }
}
