package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-metric, per-peer samples, their median and range, and each peer's ratio to gmp4j. */
class ResultsTest {
    private static final Workload.Metric W1 = Workload.W1.metrics().get(0);
    private static final Workload.Metric HEAP = Workload.W6.metrics().get(0);
    private static final Workload.Metric RSS = Workload.W6.metrics().get(1);

    @Test
    void noSamplesNoStats() {
        assertThat(Results.Stats.of(List.of())).isEmpty();
        assertThat(new Results().stats(W1, Peer.GMP4J)).isEmpty();
    }

    @Test
    void medianOfAnOddCountIsTheMiddleSample() {
        Results.Stats s = Results.Stats.of(List.of(5.0, 1.0, 9.0, 3.0, 7.0)).orElseThrow();
        assertThat(s.median()).isEqualTo(5.0);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(9.0);
        assertThat(s.rounds()).isEqualTo(5);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Results.Stats s = Results.Stats.of(List.of(4.0, 1.0, 3.0, 10.0)).orElseThrow();
        assertThat(s.median()).isEqualTo(3.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(s.rounds()).isEqualTo(4);
    }

    @Test
    void oneSampleIsItsOwnMedianAndRange() {
        Results.Stats s = Results.Stats.of(List.of(-2.5)).orElseThrow();
        assertThat(List.of(s.median(), s.min(), s.max())).containsOnly(-2.5);
        assertThat(s.rounds()).isEqualTo(1);
    }

    @Test
    void samplesAreKeptPerMetricAndPeerInTheOrderMeasured() {
        Results r = new Results();
        r.add(W1, Peer.GMP4J, 3);
        r.add(W1, Peer.JDK, 30);
        r.add(W1, Peer.GMP4J, 1);
        r.add(HEAP, Peer.GMP4J, 1000);
        r.add(RSS, Peer.GMP4J, 2000);

        assertThat(r.samples(W1, Peer.GMP4J)).containsExactly(3.0, 1.0);
        assertThat(r.samples(W1, Peer.JDK)).containsExactly(30.0);
        assertThat(r.samples(HEAP, Peer.GMP4J)).containsExactly(1000.0);
        assertThat(r.samples(RSS, Peer.GMP4J)).containsExactly(2000.0);
        assertThat(r.samples(W1, Peer.KOTLIN)).isEmpty();
        assertThat(r.stats(W1, Peer.GMP4J).orElseThrow().median()).isEqualTo(2.0);
    }

    @Test
    void ratioIsThePeersMedianOverGmp4js() {
        Results r = new Results();
        for (double v : new double[] {10, 30, 20}) {
            r.add(W1, Peer.GMP4J, v); // median 20
        }
        r.add(W1, Peer.JDK, 40);
        r.add(W1, Peer.JDK, 60); // median 50
        r.add(W1, Peer.GO, 5);

        assertThat(r.ratioToGmp4j(W1, Peer.JDK)).hasValueSatisfying(x -> assertThat(x).isCloseTo(2.5, within(1e-12)));
        assertThat(r.ratioToGmp4j(W1, Peer.GO)).hasValueSatisfying(x -> assertThat(x).isCloseTo(0.25, within(1e-12)));
        assertThat(r.ratioToGmp4j(W1, Peer.KOTLIN)).as("a peer without samples").isEmpty();
        assertThat(r.ratioToGmp4j(HEAP, Peer.JDK)).as("another metric").isEmpty();
    }

    @Test
    void noRatioWhenGmp4jHasNoSamplesOrANonPositiveMedian() {
        Results r = new Results();
        r.add(W1, Peer.JDK, 40);
        r.fail(W1, Peer.GMP4J, "boom");
        assertThat(r.ratioToGmp4j(W1, Peer.JDK)).isEmpty();

        r.add(HEAP, Peer.GMP4J, 0);
        r.add(HEAP, Peer.JDK, 100);
        assertThat(r.ratioToGmp4j(HEAP, Peer.JDK)).isEmpty();

        r.add(RSS, Peer.GMP4J, -4096);
        r.add(RSS, Peer.JDK, 100);
        assertThat(r.ratioToGmp4j(RSS, Peer.JDK)).isEmpty();
    }

    @Test
    void failuresAreKeptPerMetricAndPeerAndTheFirstOneWins() {
        Results r = new Results();
        r.fail(W1, Peer.JOX, "first");
        r.fail(W1, Peer.JOX, "second");
        r.add(W1, Peer.JOX, 7);

        assertThat(r.failure(W1, Peer.JOX)).contains("first");
        assertThat(r.samples(W1, Peer.JOX)).containsExactly(7.0);
        assertThat(r.failure(W1, Peer.JDK)).isEmpty();
        assertThat(r.failure(HEAP, Peer.JOX)).isEmpty();
    }

    @Test
    void bannersAndSkipsArePerPeer() {
        Results r = new Results();
        r.banner(Peer.JDK, "jdk 25");
        r.banner(Peer.JDK, "jdk 25.0.1");
        r.skip(Peer.GO, "no Go");

        assertThat(r.banners()).containsExactly(java.util.Map.entry(Peer.JDK, "jdk 25.0.1"));
        assertThat(r.skipped()).containsExactly(java.util.Map.entry(Peer.GO, "no Go"));
    }
}
