package io.gmp4j.examples;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.RecvChan;
import io.gmp4j.Select;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's merge of two channels with Go's nil-channel idiom, verbatim ({@code ReadmeExamplesTest} keeps them equal). */
class MergeTest {

    static long sumBoth(RecvChan<Integer> a, RecvChan<Integer> b) {
        long sum = 0;
        Select s = Select.create();
        Select.Recv<Integer> fromA = s.recvCase(a);                  // case v, ok := <-a
        Select.Recv<Integer> fromB = s.recvCase(b);                  // case v, ok := <-b
        while (fromA.enabled() || fromB.enabled()) {                 // for a != nil || b != nil
            s.select();
            Select.Recv<Integer> r = fromA.fired() ? fromA : fromB;
            if (r.ok()) sum += r.value();
            else r.disable();                                         // closed and drained: Go's a = nil
        }
        return sum;
    }

    @Test
    void sumsBothChannelsUntilBothAreClosed() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(3);
        Go.go(() -> { for (int i = 1; i <= 100; i++) a.send(i); a.close(); });
        Go.go(() -> { for (int i = 1; i <= 10; i++) b.send(1000 * i); b.close(); });
        assertThat(sumBoth(a, b)).isEqualTo(5050 + 55_000);
    }

    @Test
    void aChannelClosedFirstIsSwitchedOffAndTheOtherStillDrains() {
        Chan<Integer> a = Chan.make();
        a.close();
        Chan<Integer> b = Chan.make(1);
        Go.go(() -> { for (int i = 0; i < 50; i++) b.send(2); b.close(); });
        assertThat(sumBoth(a, b)).isEqualTo(100);
    }
}
