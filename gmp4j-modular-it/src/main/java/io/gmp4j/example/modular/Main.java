package io.gmp4j.example.modular;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;
import io.gmp4j.diag.DumpFormat;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.LeakReport;
import io.gmp4j.diag.Snapshot;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Starts goroutines, takes a snapshot, proves a leak and runs a {@code @CheckGoroutineLeaks} test
 * class, all on the module path; prints what it saw, one {@code key=value} per line.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the application.
     *
     * @param args ignored
     * @throws Exception if writing the snapshot fails
     */
    public static void main(String[] args) throws Exception {
        System.out.println("module=" + Main.class.getModule().getName() + " core=" + Go.class.getModule().getName());
        System.out.println("mode=" + Scheduler.mode());

        // Goroutines, a channel, a result.
        Chan<Integer> results = Chan.make(8);
        long sum = 0;
        for (int i = 1; i <= 8; i++) {
            int v = i;
            Go.go("worker-" + i, () -> results.send(v * v));
        }
        for (int i = 0; i < 8; i++) {
            sum += Objects.requireNonNull(results.recv(), "results is never closed");
        }
        System.out.println("sum=" + sum);

        // A snapshot in Go's debug=2 format, with a goroutine blocked on a channel we keep.
        Chan<Integer> held = Chan.make();
        Goroutine parked = Go.go("parked-receiver", held::recv);
        while (parked.state() != GoroutineState.WAITING) {
            Thread.onSpinWait();
        }
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        Snapshot.capture().write(DumpFormat.DEBUG2, dump);
        String text = dump.toString(StandardCharsets.UTF_8);
        System.out.println("snapshotHasParked=" + text.contains("goroutine " + parked.id() + " [chan receive]"));
        held.send(1);
        parked.join();

        // A proven leak: a sender on a channel nobody can reach.
        Goroutine leaked = startUnreachableSender();
        while (leaked.state() != GoroutineState.WAITING) {
            Thread.onSpinWait();
        }
        List<LeakReport> proven = List.of();
        for (int i = 0; i < 20 && proven.stream().noneMatch(r -> r.goroutineId() == leaked.id()); i++) {
            proven = LeakDetector.global().logReports(false).collectNow();
        }
        System.out.println("provenLeak=" + proven.stream().anyMatch(r -> r.goroutineId() == leaked.id()));

        // The JUnit check, run by the JUnit Platform on the module path.
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LeakCheckedTests.class)).build();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        System.out.println("tests=" + s.getTestsStartedCount() + " passed=" + s.getTestsSucceededCount()
                + " failed=" + s.getTestsFailedCount());
        for (TestExecutionSummary.Failure f : s.getFailures()) {
            String msg = String.valueOf(f.getException().getMessage());
            System.out.println("failure=" + f.getTestIdentifier().getDisplayName() + ": "
                    + msg.lines().findFirst().orElse("") + (msg.contains("leaky-sender") ? " [names leaky-sender]" : "")
                    + (msg.contains("proven-leak detection is off in this JVM") ? " [says proven-leak detection is off: "
                    + msg.lines().filter(l -> l.startsWith("proven-leak detection is off")).findFirst().orElse("") + "]" : ""));
        }
        LeakCheckedTests.release();
    }

    private static Goroutine startUnreachableSender() {
        Chan<Integer> nobodyReads = Chan.make();
        return Go.go("unreachable-sender", () -> nobodyReads.send(1));
    }
}
