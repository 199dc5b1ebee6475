package io.gmp4j;

import io.gmp4j.testing.Await;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

/**
 * Model-checks and stresses the channel's non-blocking operations against a sequential bounded
 * FIFO with a closed flag, for capacities 0, 1 and 2: trySend, tryRecv, close, len, isClosed.
 *
 * <p>Blocking send/recv, close races and select over two channels are model-checked by
 * {@link ChanBlockingLincheckTest}; exactly-once delivery under timeouts and interrupts by
 * {@link ChanStressTest}.
 */
class ChanLincheckTest {

    @Nested
    class Unbuffered extends Scenario {
        Unbuffered() {
            super(0);
        }
    }

    @Nested
    class Capacity1 extends Scenario {
        Capacity1() {
            super(1);
        }
    }

    @Nested
    class Capacity2 extends Scenario {
        Capacity2() {
            super(2);
        }
    }

    abstract static class Scenario {
        private final int capacity;

        Scenario(int capacity) {
            this.capacity = capacity;
        }

        @Test
        void modelChecking() {
            new ModelCheckingOptions()
                    .iterations(Await.scale(12, 300))
                    .invocationsPerIteration(Await.scale(200, 3_000))
                    .threads(3)
                    .actorsPerThread(2)
                    .actorsBefore(2)
                    .actorsAfter(2)
                    .sequentialSpecification(specFor(capacity))
                    .check(implFor(capacity));
        }

        @Test
        void stress() {
            new StressOptions()
                    .iterations(Await.scale(10, 200))
                    .invocationsPerIteration(Await.scale(300, 5_000))
                    .threads(3)
                    .actorsPerThread(3)
                    .sequentialSpecification(specFor(capacity))
                    .check(implFor(capacity));
        }
    }

    static Class<?> implFor(int capacity) {
        return switch (capacity) {
            case 0 -> Impl0.class;
            case 1 -> Impl1.class;
            default -> Impl2.class;
        };
    }

    static Class<?> specFor(int capacity) {
        return switch (capacity) {
            case 0 -> Spec0.class;
            case 1 -> Spec1.class;
            default -> Spec2.class;
        };
    }

    /** The channel under test; subclasses fix the capacity (Lincheck instantiates by class). */
    @Param(name = "v", gen = IntGen.class, conf = "1:5")
    public abstract static class Impl {
        private final Chan<Integer> ch;

        Impl(int capacity) {
            ch = Chan.make(capacity);
        }

        @Operation
        public String trySend(@Param(name = "v") int v) {
            try {
                return String.valueOf(ch.trySend(v));
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public Integer tryRecv() {
            return ch.tryRecv();
        }

        @Operation
        public String close() {
            try {
                ch.close();
                return "ok";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public int len() {
            return ch.len();
        }

        @Operation
        public boolean isClosed() {
            return ch.isClosed();
        }
    }

    public static class Impl0 extends Impl {
        public Impl0() {
            super(0);
        }
    }

    public static class Impl1 extends Impl {
        public Impl1() {
            super(1);
        }
    }

    public static class Impl2 extends Impl {
        public Impl2() {
            super(2);
        }
    }

    /** Sequential specification: a bounded FIFO that can be closed. */
    public abstract static class Spec {
        private final int capacity;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        Spec(int capacity) {
            this.capacity = capacity;
        }

        public String trySend(int v) {
            if (closed) {
                return "closed";
            }
            if (buf.size() >= capacity) {
                return "false";
            }
            buf.add(v);
            return "true";
        }

        public Integer tryRecv() {
            return buf.poll();
        }

        public String close() {
            if (closed) {
                return "closed";
            }
            closed = true;
            return "ok";
        }

        public int len() {
            return buf.size();
        }

        public boolean isClosed() {
            return closed;
        }
    }

    public static class Spec0 extends Spec {
        public Spec0() {
            super(0);
        }
    }

    public static class Spec1 extends Spec {
        public Spec1() {
            super(1);
        }
    }

    public static class Spec2 extends Spec {
        public Spec2() {
            super(2);
        }
    }
}
