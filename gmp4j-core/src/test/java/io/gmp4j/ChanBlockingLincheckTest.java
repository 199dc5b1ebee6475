package io.gmp4j;

import io.gmp4j.testing.Await;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ManagedOptions;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Model-checks and stresses the blocking operations (send, recv, close) of channels of capacity
 * 0, 1 and 2, and a select receiving from two channels, against a sequential specification.
 *
 * <p>Lincheck reports a Java operation that blocks forever as a hung execution, so the scenarios
 * are generated to always terminate: every scenario has closer threads whose only operation is
 * close(), and a closed channel wakes every blocked operation. The specification then describes
 * operations that complete: a send or receive is linearized at the moment it can proceed, and the
 * specification answers "BLOCKED" (a result the implementation never produces) where the
 * operation could not proceed, which rules out the orders in which it would have had to block.
 * For an unbuffered channel the specification is a FIFO without bound (a rendezvous cannot be
 * described sequentially; a send is linearized just before the receive that takes its value).
 * Lincheck also enforces real-time order, so a select's random choice among ready cases cannot be
 * specified sequentially; this test builds its selects with Select.inDeclarationOrder() (package-private, tests only) and
 * the specification prefers the first ready case. {@link SelectFairnessTest} checks the random
 * choice itself.
 */
class ChanBlockingLincheckTest {
    private static final String BLOCKED = "BLOCKED";
    private static final int SCENARIOS = 12;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2})
    void modelChecking(int capacity) {
        check(new ModelCheckingOptions().invocationsPerIteration(Await.scale(400, 2_000)), capacity);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2})
    void stress(int capacity) {
        check(new StressOptions().invocationsPerIteration(Await.scale(2_000, 10_000)), capacity);
    }

    private static <O extends Options<O, ?>> void check(O options, int capacity) {
        Random rnd = new Random(42 + capacity);
        options.iterations(0).sequentialSpecification(specFor(capacity));
        for (int i = 0; i < Await.scale(SCENARIOS, 3 * SCENARIOS); i++) {
            options.addCustomScenario(i % 2 == 0 ? oneChannel(rnd, capacity) : selectOverTwo(rnd, i % 4 == 3));
        }
        if (options instanceof ManagedOptions<?, ?> m) {
            m.checkObstructionFreedom(false);
        }
        options.check(implFor(capacity));
    }

    /** Producers and consumers on channel a, a closer, and a post part that drains a. */
    private static ExecutionScenario oneChannel(Random rnd, int capacity) {
        List<List<Actor>> threads = new ArrayList<>();
        int v = 1;
        for (int t = 0; t < 2; t++) {
            List<Actor> ops = new ArrayList<>();
            int n = 1 + rnd.nextInt(2);
            for (int k = 0; k < n; k++) {
                int pick = rnd.nextInt(capacity == 0 ? 2 : 4);
                ops.add(switch (pick) {
                    case 0 -> actor("send", v++);
                    case 1 -> actor("recv");
                    case 2 -> actor("trySend", v++);
                    default -> actor("tryRecv");
                });
            }
            threads.add(ops);
        }
        threads.add(List.of(actor("close")));
        List<Actor> post = List.of(actor("recv"), actor("recv"), actor("recv"));
        return new ExecutionScenario(List.of(), threads, post, null);
    }

    /**
     * A goroutine selecting over a and b while each gets a value and is closed, each in its own
     * thread; typed: with the typed select, the second time with case a switched off.
     */
    private static ExecutionScenario selectOverTwo(Random rnd, boolean typed) {
        List<List<Actor>> threads = new ArrayList<>();
        String first = typed ? "selectTyped" : "selectRecv";
        String second = typed ? "selectTypedBOnly" : "selectRecv";
        threads.add(rnd.nextBoolean() ? List.of(actor(first)) : List.of(actor(first), actor(second)));
        threads.add(List.of(actor("send", 1)));
        threads.add(List.of(actor("sendB", 2)));
        threads.add(List.of(actor("close")));
        threads.add(List.of(actor("closeB")));
        List<Actor> post = List.of(actor("recv"), actor("recvB"));
        return new ExecutionScenario(List.of(), threads, post, null);
    }

    private static Actor actor(String name, Object... args) {
        for (Method m : Impl.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args));
            }
        }
        throw new IllegalArgumentException(name);
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

    /** Two channels of one capacity; operations without a suffix use a, "B" ones use b. */
    public abstract static class Impl {
        private final Chan<Integer> a;
        private final Chan<Integer> b;
        private final Select select;
        private String selected;
        private final Select typed;
        private final Select.Recv<Integer> typedA;
        private final Select.Recv<Integer> typedB;

        Impl(int capacity) {
            a = Chan.make(capacity);
            b = Chan.make(capacity);
            select = Select.inDeclarationOrder()
                    .recv(a, v -> selected = "a:" + v)
                    .recv(b, v -> selected = "b:" + v);
            typed = Select.inDeclarationOrder();
            typedA = typed.recvCase(a);
            typedB = typed.recvCase(b);
        }

        @Operation(blocking = true)
        public String send(int v) {
            return send(a, v);
        }

        @Operation(blocking = true)
        public String sendB(int v) {
            return send(b, v);
        }

        private static String send(Chan<Integer> c, int v) {
            try {
                c.send(v);
                return "ok";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation(blocking = true)
        public Integer recv() {
            return a.recv();
        }

        @Operation(blocking = true)
        public Integer recvB() {
            return b.recv();
        }

        @Operation
        public String trySend(int v) {
            try {
                return String.valueOf(a.trySend(v));
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public Integer tryRecv() {
            return a.tryRecv();
        }

        @Operation
        public String close() {
            return close(a);
        }

        @Operation
        public String closeB() {
            return close(b);
        }

        private static String close(Chan<Integer> c) {
            try {
                c.close();
                return "ok";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation(blocking = true)
        public String selectRecv() {
            select.select();
            return selected;
        }

        @Operation(blocking = true)
        public String selectTyped() {
            typed.select();
            Select.Recv<Integer> r = typedA.fired() ? typedA : typedB;
            return (r == typedA ? "a:" : "b:") + (r.ok() ? r.value() : "null");
        }

        /** The typed select with case a switched off (Go's nil channel): only b can fire. */
        @Operation(blocking = true)
        public String selectTypedBOnly() {
            typedA.disable();
            try {
                typed.select();
            } finally {
                typedA.enable();
            }
            return "b:" + (typedB.ok() ? typedB.value() : "null");
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

    /** Sequential specification: two closable FIFOs (unbounded for capacity 0, see above). */
    public abstract static class Spec {
        private final int capacity;
        private final ArrayDeque<Integer> a = new ArrayDeque<>();
        private final ArrayDeque<Integer> b = new ArrayDeque<>();
        private boolean aClosed;
        private boolean bClosed;

        Spec(int capacity) {
            this.capacity = capacity;
        }

        private int bound() {
            return capacity == 0 ? Integer.MAX_VALUE : capacity;
        }

        public String send(int v) {
            return send(a, aClosed, v);
        }

        public String sendB(int v) {
            return send(b, bClosed, v);
        }

        private String send(ArrayDeque<Integer> q, boolean closed, int v) {
            if (closed) {
                return "closed";
            }
            if (q.size() >= bound()) {
                return BLOCKED;
            }
            q.add(v);
            return "ok";
        }

        public Integer recv() {
            return recv(a, aClosed);
        }

        public Integer recvB() {
            return recv(b, bClosed);
        }

        private static Integer recv(ArrayDeque<Integer> q, boolean closed) {
            if (!q.isEmpty()) {
                return q.poll();
            }
            return closed ? null : Integer.MIN_VALUE; // BLOCKED: never a real result
        }

        public String trySend(int v) {
            if (aClosed) {
                return "closed";
            }
            if (a.size() >= capacity) {
                return "false";
            }
            a.add(v);
            return "true";
        }

        public Integer tryRecv() {
            return a.poll();
        }

        public String close() {
            if (aClosed) {
                return "closed";
            }
            aClosed = true;
            return "ok";
        }

        public String closeB() {
            if (bClosed) {
                return "closed";
            }
            bClosed = true;
            return "ok";
        }

        public String selectRecv() {
            // Cases in declaration order: a is ready with a value or closed, then b.
            if (!a.isEmpty()) {
                return "a:" + a.poll();
            }
            if (aClosed) {
                return "a:null";
            }
            if (!b.isEmpty()) {
                return "b:" + b.poll();
            }
            if (bClosed) {
                return "b:null";
            }
            return BLOCKED;
        }

        public String selectTyped() {
            return selectRecv();
        }

        public String selectTypedBOnly() {
            if (!b.isEmpty()) {
                return "b:" + b.poll();
            }
            return bClosed ? "b:null" : BLOCKED;
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
