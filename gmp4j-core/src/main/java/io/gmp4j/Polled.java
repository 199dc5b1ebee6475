package io.gmp4j;

import java.util.Objects;

/**
 * What a receive found: a {@link Value}, {@link Closed} (the channel is closed and drained) or,
 * for a receive that does not block, {@link NotReady}. Returned by {@link RecvChan#poll()} and, as
 * a {@link Received} (which is never {@code NotReady}), by {@link RecvChan#recvOk()} (Go's
 * {@code v, ok := <-ch}). Match it with a switch; no {@code default} is needed:
 *
 * <pre>{@code
 * switch (jobs.poll()) {                           // Go's: select { case j, ok := <-jobs: ...; default: ... }
 *     case Polled.Value(var job) -> handle(job);
 *     case Polled.NotReady() -> doSomethingElse();
 *     case Polled.Closed() -> finish();
 * }
 * while (jobs.recvOk() instanceof Polled.Value(var job)) {   // Go's: for { j, ok := <-jobs; if !ok { break } ... }
 *     handle(job);
 * }
 * }</pre>
 *
 * <p>The outcomes without a value carry nothing: every {@code Closed} equals every other, and so
 * does every {@code NotReady}; gmp4j returns one shared instance of each, so receiving them
 * allocates nothing. Compare outcomes with patterns or {@code equals}, not {@code ==}.
 *
 * @param <T> the channel's element type
 */
public sealed interface Polled<T> {
    /**
     * A receive's outcome once it has one: a {@link Value} or {@link Closed} (Go's {@code ok}
     * true or false).
     *
     * @param <T> the channel's element type
     */
    sealed interface Received<T> extends Polled<T> permits Value, Closed {
    }

    /**
     * A value was received (Go's {@code ok == true}).
     *
     * @param value the value, never null (channels do not carry null)
     * @param <T>   the channel's element type
     */
    record Value<T>(T value) implements Received<T> {
        /**
         * A received value.
         *
         * @throws NullPointerException if value is null
         */
        public Value {
            Objects.requireNonNull(value, "channels do not carry null");
        }
    }

    /**
     * The channel is closed and every buffered value has been received (Go's {@code ok == false}).
     *
     * @param <T> the channel's element type
     */
    record Closed<T>() implements Received<T> {
        private static final Closed<?> INSTANCE = new Closed<>();

        /** The shared instance, so that a receive on a closed channel allocates nothing. */
        @SuppressWarnings("unchecked") // it holds no T
        static <T> Closed<T> instance() {
            return (Closed<T>) INSTANCE;
        }
    }

    /**
     * Nothing could be received without blocking: the channel is open, has no buffered value and
     * no sender waits (Go's {@code default} case of a {@code select}).
     *
     * @param <T> the channel's element type
     */
    record NotReady<T>() implements Polled<T> {
        private static final NotReady<?> INSTANCE = new NotReady<>();

        /** The shared instance, so that a poll that finds nothing allocates nothing. */
        @SuppressWarnings("unchecked") // it holds no T
        static <T> NotReady<T> instance() {
            return (NotReady<T>) INSTANCE;
        }
    }
}
