package io.gmp4j.peers.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's reply to one request line, on a fake peer that records what it was asked. */
class PeerWorkerTest {

    /** Answers every workload with fixed figures, or throws {@link #failure}; records each call. */
    static final class FakeWorkloads implements Workloads {
        final List<String> calls = new ArrayList<>();
        double figure = 1.5;
        double[] memory = {123.0, 4567.8912};
        Throwable failure;

        private double figure(String call) throws Exception {
            calls.add(call);
            throwIfAsked();
            return figure;
        }

        private void throwIfAsked() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }

        @Override
        public double pingPong(int roundTrips) throws Exception {
            return figure("pingPong " + roundTrips);
        }

        @Override
        public double spsc(int messages) throws Exception {
            return figure("spsc " + messages);
        }

        @Override
        public double mpmc(int messages) throws Exception {
            return figure("mpmc " + messages);
        }

        @Override
        public double skynet(int leaves) throws Exception {
            return figure("skynet " + leaves);
        }

        @Override
        public double ring(int ring, int laps) throws Exception {
            return figure("ring " + ring + " " + laps);
        }

        @Override
        public double[] parkedMemory(int parked) throws Exception {
            calls.add("parkedMemory " + parked);
            throwIfAsked();
            return memory;
        }

        @Override
        public double select(int messages) throws Exception {
            return figure("select " + messages);
        }

        @Override
        public double echo(int conns, int requests) throws Exception {
            return figure("echo " + conns + " " + requests);
        }
    }

    private final FakeWorkloads peer = new FakeWorkloads();

    /** What the runner's reader would see: the reply must be exactly one line. */
    private static void assertSingleLine(String reply) {
        assertThat(reply.lines().count()).as("lines in %s", reply).isEqualTo(1);
        assertThat(reply).doesNotContain("\n", "\r");
    }

    @ParameterizedTest
    @CsvSource({
            "W1 1000,      pingPong 1000",
            "W2 8,         spsc 8",
            "W3 12,        mpmc 12",
            "W4 100,       skynet 100",
            "W5 10000 3,   ring 10000 3",
            "W7 40,        select 40",
            "W8 100 100000, echo 100 100000",
            "W8 4 400,     echo 4 400",
            "W1    77,     pingPong 77",
    })
    void eachRequestRunsItsWorkloadWithItsArgumentsAndRepliesWithTheFigure(String request, String expectedCall) {
        String reply = PeerWorker.answer(peer, request);

        assertThat(peer.calls).containsExactly(expectedCall);
        assertThat(reply).isEqualTo("ok 1.500");
    }

    @Test
    void figuresHaveThreeDecimalsRoundedHalfUp() {
        peer.figure = 1234.56789;
        assertThat(PeerWorker.answer(peer, "W2 10")).isEqualTo("ok 1234.568");
        peer.figure = 0.0004;
        assertThat(PeerWorker.answer(peer, "W2 10")).isEqualTo("ok 0.000");
    }

    @Test
    void w6RepliesWithItsTwoFiguresHeapThenRss() {
        assertThat(PeerWorker.answer(peer, "W6 2000")).isEqualTo("ok 123.000 4567.891");
        assertThat(peer.calls).containsExactly("parkedMemory 2000");
    }

    @Test
    void figuresUseAPointWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // "%.3f" would print 1,500 here
            assertThat(PeerWorker.answer(peer, "W1 10")).isEqualTo("ok 1.500");
            assertThat(PeerWorker.answer(peer, "W6 10")).isEqualTo("ok 123.000 4567.891");
        } finally {
            Locale.setDefault(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"W9 1", "W0 5", "hello", "w1 1000"})
    void anUnknownWorkloadIsAnErrorNamingIt(String request) {
        String reply = PeerWorker.answer(peer, request);

        String name = request.split(" ")[0];
        assertThat(reply).startsWith("err unknown workload '" + name + "'").endsWith("(expected W1..W8)");
        assertSingleLine(reply);
        assertThat(peer.calls).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "W1           | W1",
            "W5 10000     | W5",
            "W2 abc       | abc",
            "W3 1.5       | 1.5",
            "W6 99999999999 | 99999999999",
            "W7 -x        | -x",
            "W8           | W8",
            "W8 100       | W8 needs 2 numeric argument(s)",
            "W8 x 100     | x",
            "W8 100 1e5   | 1e5",
    })
    void aMissingOrNonNumericArgumentIsASingleLineErrorAndRunsNothing(String request, String mentioned) {
        String reply = PeerWorker.answer(peer, request);

        assertThat(reply).startsWith("err ").contains(mentioned);
        assertSingleLine(reply);
        assertThat(peer.calls).isEmpty();
    }

    @Test
    void aWorkloadsExceptionBecomesAnErrorWithItsTypeAndMessage() {
        peer.failure = new IllegalStateException("W2 sum was 5, expected 6");

        String reply = PeerWorker.answer(peer, "W2 3");

        assertThat(reply).isEqualTo("err IllegalStateException: W2 sum was 5, expected 6");
        assertThat(peer.calls).containsExactly("spsc 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"first line\nsecond line", "first line\r\nsecond line", "first line\rsecond line",
            "\n\nleading and trailing\n"})
    void aMultiLineMessageIsFlattenedToOneLine(String message) {
        peer.failure = new IllegalStateException(message);

        String reply = PeerWorker.answer(peer, "W3 4");

        assertThat(reply).startsWith("err IllegalStateException: ");
        assertSingleLine(reply);
        for (String word : message.strip().split("\\s+")) {
            assertThat(reply).contains(word);
        }
    }

    @Test
    void errorsAndNullMessagesAreCaughtToo() {
        peer.failure = new OutOfMemoryError("Java heap space");
        assertThat(PeerWorker.answer(peer, "W6 10")).isEqualTo("err OutOfMemoryError: Java heap space");

        peer.failure = new RuntimeException();
        String reply = PeerWorker.answer(peer, "W1 10");
        assertThat(reply).startsWith("err RuntimeException");
        assertSingleLine(reply);
    }

    @Test
    void theWorkerStaysUsableAfterAnError() {
        peer.failure = new IllegalStateException("boom");
        assertThat(PeerWorker.answer(peer, "W1 1")).startsWith("err ");
        peer.failure = null;
        assertThat(PeerWorker.answer(peer, "W1 2")).isEqualTo("ok 1.500");
        assertThat(peer.calls).containsExactly("pingPong 1", "pingPong 2");
    }
}
