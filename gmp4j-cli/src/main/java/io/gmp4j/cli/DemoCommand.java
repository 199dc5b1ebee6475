package io.gmp4j.cli;

import io.gmp4j.Go;
import io.gmp4j.diag.DumpFormat;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.Scheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code gmp4j demo}: a few thousand goroutines doing mixed work (see {@link DemoWorkload}), with
 * one line of scheduler stats per second.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a mixed goroutine workload and print scheduler stats every second.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "10", description = "How long to run (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--goroutines", defaultValue = "3000", description = "Long-lived goroutines (default: ${DEFAULT-VALUE}).")
    int goroutines;

    @Option(names = "--leaks-per-second", defaultValue = "5",
            description = "Goroutines leaked on purpose each second, for the leak detector to prove (default: ${DEFAULT-VALUE}; 0: none).")
    int leaksPerSecond;

    /** The command; picocli sets its options. */
    public DemoCommand() {
    }

    @Override
    public Integer call() {
        if (seconds < 1 || goroutines < 10 || leaksPerSecond < 0 || leaksPerSecond > 1000) {
            System.err.println("gmp4j demo: --seconds must be >= 1, --goroutines >= 10, --leaks-per-second 0..1000");
            return 2;
        }
        LeakDetector leaks = LeakDetector.global().logReports(false); // summarised at the end instead
        PrintStream out = System.out;
        out.println("gmp4j demo: " + goroutines + " goroutines (ping-pong pairs, sleepers, CPU bursts, spawners, a hog, "
                + leaksPerSecond + " leaks/s), " + seconds + " s, scheduler " + Scheduler.mode() + ", procs " + Scheduler.procs());
        DemoWorkload w = DemoWorkload.start(goroutines, leaksPerSecond);
        StatsLine stats = new StatsLine();
        long start = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
            long due = start + s * 1_000_000_000L;
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
            out.println(stats.next(s, w));
        }
        boolean stopped = w.stop(Duration.ofSeconds(10));
        leaks.collectNow(); // a full GC: every leaked fetch is proven and its memory is back
        out.println("done: " + w.summary() + "; goroutines left " + Go.numGoroutine());
        if (leaksPerSecond > 0) {
            out.println("leaks: " + w.leaked() + " made, " + leaks.provenLeakCount() + " proven by the GC; Go's goroutineleak profile:");
            try {
                ByteArrayOutputStream profile = new ByteArrayOutputStream();
                leaks.writeProfile(DumpFormat.DEBUG1, profile);
                profile.toString(StandardCharsets.UTF_8).lines().limit(24).forEach(l -> out.println("  " + l));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!stopped) {
            System.err.println("gmp4j demo: some goroutines did not stop within 10 s:\n" + Scheduler.summary());
            return 1;
        }
        return 0;
    }
}
