package io.gmp4j.peers.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The result checks every workload ends with: a wrong answer must throw, never be timed. */
class ChecksTest {

    @Test
    void aWrongResultThrowsNamingWhatWasWrongAndBothValues() {
        assertThatThrownBy(() -> Checks.expect("W2 sum", 41, 42))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("W2 sum")
                .hasMessageContaining("41")
                .hasMessageContaining("42");
    }

    @Test
    void aRightResultPasses() {
        assertThatCode(() -> Checks.expect("W2 sum", 42, 42)).doesNotThrowAnyException();
    }

    @Test
    void triangleIsTheSumOfOneToN() {
        for (long n = 0; n <= 50; n++) {
            long sum = 0;
            for (long i = 1; i <= n; i++) {
                sum += i;
            }
            assertThat(Checks.triangle(n)).as("1..%d", n).isEqualTo(sum);
        }
        // W2's full size: no overflow
        assertThat(Checks.triangle(10_000_000)).isEqualTo(50_000_005_000_000L);
    }

    @Test
    void theWrongSumOfAnOffByOneProducerIsCaught() {
        // the shape of W2's check, fed what a consumer that lost the last message would have summed
        long messages = 1000;
        long lostLast = Checks.triangle(messages) - messages;
        assertThatThrownBy(() -> Checks.expect("W2 sum", lostLast, Checks.triangle(messages)))
                .hasMessage("W2 sum was " + lostLast + ", expected " + Checks.triangle(messages));
    }

    @Test
    void nanosPerDividesTheElapsedTimeByTheCount() {
        long start = System.nanoTime() - 1_000_000; // a millisecond ago, at least
        double per = Checks.nanosPer(start, 1000);
        assertThat(per).isGreaterThanOrEqualTo(1000.0).isFinite();
    }
}
