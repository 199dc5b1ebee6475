package io.gmp4j.examples;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Select;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's pipeline with a timeout, verbatim ({@code ReadmeExamplesTest} keeps them equal). */
class PipelineTest {

    @Test
    void sumsEveryNumberUntilTheChannelIsClosed() {
        Chan<Integer> nums = Chan.make(16);
        Go.go(() -> { for (int i = 0; i < 100; i++) nums.send(i); nums.close(); });
        long sum = 0;
        Select s = Select.create();
        Select.Recv<Integer> num = s.recvCase(nums);                 // case v, ok := <-nums
        Select.Case timeout = s.afterCase(Duration.ofSeconds(1));    // case <-time.After(time.Second)
        while (true) {
            s.select();
            if (timeout.fired() || !num.ok()) break;                  // timed out, or nums closed and drained
            sum += num.value();
        }

        assertThat(sum).isEqualTo(4950);
        assertThat(num.fired()).as("ended by the close, not the timeout").isTrue();
    }
}
