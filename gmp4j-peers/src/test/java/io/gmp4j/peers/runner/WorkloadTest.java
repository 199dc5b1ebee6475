package io.gmp4j.peers.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The request lines the runner sends, the metrics it expects back, and W6's fresh-process rule. */
class WorkloadTest {

    @ParameterizedTest
    @CsvSource({
            "W1, W1 1000000",
            "W2, W2 10000000",
            "W3, W3 10000000",
            "W4, W4 1000000",
            "W5, W5 10000 100",
            "W6, W6 100000",
            "W7, W7 4000000",
            "W8, W8 100 100000",
    })
    void atScaleOneTheSizesAreTheIssues(Workload w, String request) {
        assertThat(w.request(1.0)).isEqualTo(request);
    }

    @Test
    void aTenthScalesEverySizeByATenthExceptTheRingLengthAndTheConnections() {
        assertThat(Workload.W1.request(0.1)).isEqualTo("W1 100000");
        assertThat(Workload.W2.request(0.1)).isEqualTo("W2 1000000");
        assertThat(Workload.W3.request(0.1)).isEqualTo("W3 1000000");
        assertThat(Workload.W4.request(0.1)).isEqualTo("W4 100000");
        assertThat(Workload.W5.request(0.1)).isEqualTo("W5 10000 10");
        assertThat(Workload.W6.request(0.1)).isEqualTo("W6 10000");
        assertThat(Workload.W7.request(0.1)).isEqualTo("W7 400000");
        assertThat(Workload.W8.request(0.1)).isEqualTo("W8 100 10000");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-12, 1e-7, 1e-6, 3.7e-5, 0.0001, 0.00037, 0.002, 0.0123, 0.05, 0.1234, 0.5, 0.77, 1.0, 2.0})
    void atAnyScaleTheSizesStayUsable(double scale) {
        for (Workload w : Workload.values()) {
            String request = w.request(scale);
            String[] f = request.split(" ");
            assertThat(f[0]).as(request).isEqualTo(w.name());
            long[] args = Arrays.stream(f).skip(1).mapToLong(Long::parseLong).toArray();
            assertThat(args).as(request).hasSize(w == Workload.W5 || w == Workload.W8 ? 2 : 1);
            assertThat(Arrays.stream(args).min().orElseThrow()).as(request + ": no size drops to 0").isGreaterThanOrEqualTo(1);
            switch (w) {
                case W3, W7 -> assertThat(args[0] % 4).as(request + ": four producers share it equally").isZero();
                case W4 -> {
                    assertThat(isPowerOfTen(args[0])).as(request + ": a power of ten").isTrue();
                    assertThat(args[0]).as(request).isGreaterThanOrEqualTo(10)
                            .isLessThanOrEqualTo(Math.max(10, Math.round(1_000_000 * scale)));
                }
                case W5 -> assertThat(args[0]).as(request + ": the ring keeps its length").isEqualTo(10_000);
                case W8 -> {
                    assertThat(args[0]).as(request + ": the connections keep their number").isEqualTo(100);
                    assertThat(args[1] % 100).as(request + ": 100 connections share it equally").isZero();
                }
                default -> {
                }
            }
        }
    }

    @Test
    void w4RoundsDownToAPowerOfTen() {
        assertThat(Workload.W4.request(0.5)).isEqualTo("W4 100000");
        assertThat(Workload.W4.request(0.0099)).isEqualTo("W4 1000");
        assertThat(Workload.W4.request(0.000001)).isEqualTo("W4 10");
    }

    @Test
    void w3AndW7RoundToMultiplesOfFour() {
        // 10,000,000 × 0.00000123 = 12.3 → 12; 4,000,000 × 0.0000015 = 6 → 4
        assertThat(Workload.W3.request(0.00000123)).isEqualTo("W3 12");
        assertThat(Workload.W7.request(0.0000015)).isEqualTo("W7 4");
    }

    @Test
    void w8ReportsNanosecondsPerRequest() {
        assertThat(Workload.W8.metrics()).containsExactly(new Workload.Metric("W8", "ns/request"));
        assertThat(Workload.W8.size()).isEqualTo("100 connections, 100,000 requests");
    }

    @Test
    void w8RoundsItsRequestsToMultiplesOfItsHundredConnections() {
        // 100,000 × 0.01234 = 1,234 → 1,200; × 0.000001 = 0.1 → at least one request per connection
        assertThat(Workload.W8.request(0.01234)).isEqualTo("W8 100 1200");
        assertThat(Workload.W8.request(0.000001)).isEqualTo("W8 100 100");
        assertThat(Workload.W8.request(2.0)).isEqualTo("W8 100 200000");
    }

    @Test
    void onlyW6RunsInAFreshProcess() {
        for (Workload w : Workload.values()) {
            assertThat(w.freshProcess()).as(w.name()).isEqualTo(w == Workload.W6);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-9, 0.0001, 0.002, 0.1, 0.5, 1.0})
    void w6WarmsUpWithSmallerW6Requests(double scale) {
        List<String> warmups = Workload.W6.warmupRequests(scale);
        long measured = size(Workload.W6.request(scale));

        assertThat(warmups).as("at least one warm-up").isNotEmpty();
        for (String warm : warmups) {
            assertThat(warm).startsWith("W6 ");
            assertThat(size(warm)).as(warm).isPositive();
            if (measured > 1) {
                assertThat(size(warm)).as(warm + " against the measured " + measured).isLessThan(measured);
            }
        }
    }

    @Test
    void w6WarmUpsScaleWithTheRun() {
        long full = size(Workload.W6.warmupRequests(1.0).get(0));
        long tenth = size(Workload.W6.warmupRequests(0.1).get(0));

        assertThat(full).isGreaterThanOrEqualTo(1000);
        assertThat(tenth).isEqualTo(Math.round(full / 10.0));
    }

    private static long size(String request) {
        return Long.parseLong(request.split(" ")[1]);
    }

    @Test
    void noOtherWorkloadWarmsUp() {
        for (Workload w : Workload.values()) {
            if (w != Workload.W6) {
                assertThat(w.warmupRequests(1.0)).as(w.name()).isEmpty();
            }
        }
    }

    @Test
    void w6ReportsHeapAndRssEveryOtherWorkloadOneFigureNamedAfterIt() {
        for (Workload w : Workload.values()) {
            if (w == Workload.W6) {
                assertThat(w.metrics()).extracting(Workload.Metric::name).containsExactly("W6 heap", "W6 RSS");
            } else {
                assertThat(w.metrics()).extracting(Workload.Metric::name).containsExactly(w.name());
            }
            assertThat(w.metrics()).allSatisfy(m -> assertThat(m.unit()).isNotBlank());
            assertThat(w.title()).isNotBlank();
            assertThat(w.size()).isNotBlank();
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
