package io.gmp4j.peers.runner;

import java.util.List;

/** Hand-made results for the report writers' tests. */
final class TestRuns {
    static final Workload.Metric W1 = Workload.W1.metrics().get(0);
    static final Workload.Metric HEAP = Workload.W6.metrics().get(0);
    static final Workload.Metric RSS = Workload.W6.metrics().get(1);
    static final Workload.Metric W7 = Workload.W7.metrics().get(0);
    static final Workload.Metric W8 = Workload.W8.metrics().get(0);

    private TestRuns() {
    }

    static RunInfo info(int rounds, int warmup, List<Workload> workloads, List<Peer> peers) {
        return new RunInfo(rounds, warmup, 2, 0.5, workloads, peers, "2026-01-02T03:04:05Z", "Test CPU, 2 cores, Linux amd64");
    }

    static void add(Results r, Workload.Metric m, Peer p, double... values) {
        for (double v : values) {
            r.add(m, p, v);
        }
    }

    /**
     * W1: gmp4j 10/20/30 (median 20), JDK 40/60 (median 50, 2.5×), Kotlin failed, Go skipped;
     * W6: gmp4j heap 1,500/2,000/2,500 and RSS 4,096, JDK heap 30,000 (15×);
     * W7: gmp4j 100, JDK 300 (3×); W8: gmp4j 20,000, Kotlin 30,000 (1.5×).
     */
    static Results sample() {
        Results r = new Results();
        add(r, W1, Peer.GMP4J, 10, 30, 20);
        add(r, W1, Peer.JDK, 60, 40);
        r.fail(W1, Peer.KOTLIN, "W1 sum was 1, expected 2");
        r.skip(Peer.GO, "no Go toolchain found");
        add(r, HEAP, Peer.GMP4J, 2500, 1500, 2000);
        add(r, RSS, Peer.GMP4J, 4096);
        add(r, HEAP, Peer.JDK, 30_000);
        add(r, W7, Peer.GMP4J, 100);
        add(r, W7, Peer.JDK, 300);
        add(r, W8, Peer.GMP4J, 20_000);
        add(r, W8, Peer.KOTLIN, 30_000);
        r.banner(Peer.GMP4J, "gmp4j 25+36-LTS");
        r.banner(Peer.JDK, "jdk 25+36-LTS");
        return r;
    }
}
