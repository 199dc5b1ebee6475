package io.gmp4j.peers.runner;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as a markdown table: one row per metric, one column per peer; each cell is the
 * median, the min–max range over the measured rounds, and the peer's ratio to gmp4j
 * (peer ÷ gmp4j: above 1× gmp4j is ahead, since lower is better for every metric).
 */
final class MarkdownTable {
    private MarkdownTable() {
    }

    static String render(Results results, List<Workload> workloads, List<Peer> peers, RunInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Workload | Unit |");
        for (Peer p : peers) {
            sb.append(' ').append(p.label()).append(" |");
        }
        sb.append("\n|---|---|");
        sb.append("---|".repeat(peers.size()));
        sb.append('\n');
        for (Workload w : workloads) {
            for (Workload.Metric m : w.metrics()) {
                sb.append("| ").append(m.name()).append(' ').append(w.title()).append(" | ").append(m.unit()).append(" |");
                for (Peer p : peers) {
                    sb.append(' ').append(cell(results, m, p, w)).append(" |");
                }
                sb.append('\n');
            }
        }
        sb.append('\n');
        sb.append(String.format(Locale.ROOT,
                "Median of %d measured rounds after %d warm-up rounds (min–max in brackets); peers interleaved "
                        + "within every round; %d processors per peer; sizes × %s. "
                        + "×N = the peer's median ÷ gmp4j's: above 1× gmp4j is ahead.%n",
                info.rounds(), info.warmup(), info.procs(), fmt(info.scale())));
        if (peers.contains(Peer.JDK) && workloads.contains(Workload.W7)) {
            sb.append("\n† JDK W7: the JDK has no select; its consumer takes from one ArrayBlockingQueue(512) fed by all four producers.\n");
        }
        if (peers.contains(Peer.KOTLIN) && workloads.contains(Workload.W8)) {
            sb.append("\n‡ Kotlin W8: kotlinx.coroutines has no sockets; its coroutines suspend on NIO.2 "
                    + "AsynchronousSocketChannels and are resumed by their completion handlers, which run on a channel group "
                    + "of as many I/O threads as Dispatchers.Default has workers.\n");
        }
        if (!results.banners().isEmpty()) {
            sb.append('\n');
            for (Map.Entry<Peer, String> e : results.banners().entrySet()) {
                sb.append("- ").append(e.getKey().label()).append(": ").append(e.getValue()).append('\n');
            }
        }
        for (Map.Entry<Peer, String> e : results.skipped().entrySet()) {
            sb.append("- ").append(e.getKey().label()).append(" skipped: ").append(e.getValue()).append('\n');
        }
        for (Workload w : workloads) {
            for (Workload.Metric m : w.metrics()) {
                for (Peer p : peers) {
                    results.failure(m, p).ifPresent(why ->
                            sb.append("- ").append(p.label()).append(' ').append(m.name()).append(" failed: ").append(why).append('\n'));
                }
            }
        }
        return sb.toString();
    }

    private static String cell(Results results, Workload.Metric m, Peer p, Workload w) {
        if (results.skipped().containsKey(p)) {
            return "skipped";
        }
        var stats = results.stats(m, p);
        if (stats.isEmpty()) {
            return results.failure(m, p).isPresent() ? "failed" : "–";
        }
        var s = stats.get();
        String text = "**" + fmt(s.median()) + "** (" + fmt(s.min()) + "–" + fmt(s.max()) + ")";
        if (p != Peer.GMP4J) {
            text += results.ratioToGmp4j(m, p).map(r -> " " + ratio(r)).orElse("");
        }
        if (p == Peer.JDK && w == Workload.W7) {
            text += " †";
        }
        if (p == Peer.KOTLIN && w == Workload.W8) {
            text += " ‡";
        }
        return text;
    }

    static String ratio(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.2f×", r);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
