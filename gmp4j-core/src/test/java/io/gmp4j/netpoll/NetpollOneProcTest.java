package io.gmp4j.netpoll;

import io.gmp4j.Scheduler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NetpollSpec} with one P (the procs1 surefire execution). */
@Tag("procs1")
class NetpollOneProcTest extends NetpollSpec {
    @Test
    void runsWithOneP() {
        assertThat(Scheduler.procs()).isEqualTo(1);
    }
}
