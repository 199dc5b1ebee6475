package io.gmp4j.netpoll;

import io.gmp4j.Scheduler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NetpollSpec} with the default P's (2 on CI). */
class NetpollTest extends NetpollSpec {
    @Test
    void runsWithMoreThanOneP() {
        assertThat(Scheduler.procs()).isGreaterThan(1);
    }
}
