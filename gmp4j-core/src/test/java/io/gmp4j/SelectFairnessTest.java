package io.gmp4j;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Among ready cases the choice is uniformly random (Go's poll order), checked with a chi-square test. */
class SelectFairnessTest {

    @Test
    void readyCasesAreChosenUniformly() {
        int k = 4;
        int trials = 40_000;
        @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation
        Chan<Integer>[] chans = new Chan[k];
        Select s = Select.create();
        for (int i = 0; i < k; i++) {
            chans[i] = Chan.make(1);
            s.recv(chans[i], v -> { });
        }
        long[] counts = new long[k];
        for (int t = 0; t < trials; t++) {
            for (Chan<Integer> c : chans) {
                if (c.len() == 0) {
                    c.send(1);
                }
            }
            counts[s.select()]++;
        }
        double expected = (double) trials / k;
        double chi2 = 0;
        for (long c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 3 degrees of freedom: P(chi2 > 30.66) = 1e-6 for a fair choice (so a false alarm is one run in a
        // million); a fixed order gives ~120,000 and a 26/24/25/25% bias ~32.
        assertThat(chi2).as("chi-square over counts %s", java.util.Arrays.toString(counts)).isLessThan(30.66);
    }
}
