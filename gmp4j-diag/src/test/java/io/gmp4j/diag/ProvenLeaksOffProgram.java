package io.gmp4j.diag;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new user does without gmp4j's JVM option ({@link ProvenLeaksOffTest} runs it in a fresh
 * JVM): leaks three goroutines on channels nobody can reach, asks the leak detector through every
 * entry point, and writes the goroutineleak profile in each form to the directory given as the
 * first argument. Prints what it saw, one {@code key=value} per line.
 */
public final class ProvenLeaksOffProgram {
    private ProvenLeaksOffProgram() {
    }

    private static Goroutine leakOne(int i) {
        Chan<Integer> nobodyReads = Chan.make();
        return Go.go("leaked-" + i, () -> nobodyReads.send(i));
    }

    /**
     * Runs it.
     *
     * @param args the directory to write the profiles to
     * @throws Exception if writing fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("mode=" + Scheduler.mode());
        List<Goroutine> leaked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leaked.add(leakOne(i));
        }
        for (Goroutine g : leaked) {
            while (g.state() != GoroutineState.WAITING) {
                Thread.onSpinWait();
            }
        }
        LeakDetector d = LeakDetector.global();
        System.out.println("collectNow=" + d.collectNow().size());
        System.out.println("collectNowAgain=" + d.collectNow().size());
        System.out.println("provenLeaks=" + d.provenLeaks().size());
        System.out.println("provenLeakCount=" + d.provenLeakCount());
        System.out.println("leakSnapshot=" + d.leakSnapshot().goroutines().size());
        d.addListener(r -> System.out.println("reported=" + r.name()));
        for (DumpFormat f : List.of(DumpFormat.DEBUG1, DumpFormat.DEBUG2, DumpFormat.PPROF)) {
            try (OutputStream out = Files.newOutputStream(dir.resolve("goroutineleak." + f.name().toLowerCase(java.util.Locale.ROOT)))) {
                d.writeProfile(f, out);
            }
        }
        System.out.println("stillBlocked=" + leaked.stream().filter(g -> g.state() == GoroutineState.WAITING).count());
    }
}
