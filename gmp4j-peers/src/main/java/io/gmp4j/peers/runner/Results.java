package io.gmp4j.peers.runner;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every measured round (warm-up rounds are not recorded), per metric and peer, plus what went
 * wrong where: a peer that failed a workload keeps its failure next to whatever it did measure.
 */
final class Results {
    /** Median, minimum and maximum of one peer's rounds on one metric. */
    record Stats(double median, double min, double max, int rounds) {
        static Optional<Stats> of(List<Double> samples) {
            if (samples.isEmpty()) {
                return Optional.empty();
            }
            double[] s = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = s.length;
            double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
            return Optional.of(new Stats(median, s[0], s[n - 1], n));
        }
    }

    private final Map<String, Map<Peer, List<Double>>> samples = new LinkedHashMap<>();
    private final Map<String, Map<Peer, String>> failures = new LinkedHashMap<>();
    private final Map<Peer, String> banners = new EnumMap<>(Peer.class);
    private final Map<Peer, String> skipped = new EnumMap<>(Peer.class);

    void add(Workload.Metric metric, Peer peer, double value) {
        samples.computeIfAbsent(metric.name(), k -> new EnumMap<>(Peer.class))
                .computeIfAbsent(peer, k -> new ArrayList<>()).add(value);
    }

    void fail(Workload.Metric metric, Peer peer, String why) {
        failures.computeIfAbsent(metric.name(), k -> new EnumMap<>(Peer.class)).putIfAbsent(peer, why);
    }

    void banner(Peer peer, String banner) {
        banners.put(peer, banner);
    }

    void skip(Peer peer, String why) {
        skipped.put(peer, why);
    }

    Optional<Stats> stats(Workload.Metric metric, Peer peer) {
        return Stats.of(samples(metric, peer));
    }

    List<Double> samples(Workload.Metric metric, Peer peer) {
        return samples.getOrDefault(metric.name(), Map.of()).getOrDefault(peer, List.of());
    }

    Optional<String> failure(Workload.Metric metric, Peer peer) {
        return Optional.ofNullable(failures.getOrDefault(metric.name(), Map.of()).get(peer));
    }

    Map<Peer, String> banners() {
        return banners;
    }

    Map<Peer, String> skipped() {
        return skipped;
    }

    /** {@code peer's median / gmp4j's median}: above 1 means gmp4j is ahead (lower is better everywhere). */
    Optional<Double> ratioToGmp4j(Workload.Metric metric, Peer peer) {
        Optional<Stats> mine = stats(metric, Peer.GMP4J);
        Optional<Stats> theirs = stats(metric, peer);
        if (mine.isEmpty() || theirs.isEmpty() || mine.get().median() <= 0) {
            return Optional.empty();
        }
        return Optional.of(theirs.get().median() / mine.get().median());
    }
}
