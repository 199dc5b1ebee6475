package io.gmp4j.example.modular;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.junit.CheckGoroutineLeaks;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Objects;

/** Two tests under {@code @CheckGoroutineLeaks}: one clean, one that leaves a goroutine behind. */
@CheckGoroutineLeaks(timeoutMillis = 300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class LeakCheckedTests {
    private static final Chan<Integer> HELD = Chan.make();

    /** Made by the JUnit Platform. */
    public LeakCheckedTests() {
    }

    @Test
    @Order(1)
    void clean() {
        Chan<Integer> ch = Chan.make();
        Go.go(() -> ch.send(7));
        if (!Objects.equals(ch.recv(), 7)) {
            throw new AssertionError("wrong value");
        }
    }

    @Test
    @Order(2)
    void leaky() {
        Go.go("leaky-sender", () -> HELD.send(1));
    }

    /** Lets the leaky test's leftover finish. */
    static void release() {
        HELD.tryRecv();
    }
}
