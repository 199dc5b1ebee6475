package io.gmp4j.bench;

import io.gmp4j.Scheduler;
import io.gmp4j.SchedulerMode;

/** The {@code scheduler} benchmark parameter: {@code gmp4j} (gmp4j's GMP scheduler) or {@code jdk}. */
final class SchedulerChoice {
    private SchedulerChoice() {
    }

    /**
     * Returns true for {@code gmp4j} after checking that gmp4j really runs its GMP scheduler in this
     * fork (and printing its stats line); false for {@code jdk}, without touching any gmp4j class.
     */
    static boolean isGmp(String scheduler) {
        return switch (scheduler) {
            case "gmp4j" -> {
                SchedulerMode mode = Scheduler.mode();
                if (mode != SchedulerMode.GMP) {
                    throw new IllegalStateException("scheduler=gmp4j needs gmp4j's GMP scheduler but Scheduler.mode() is "
                            + mode + " (missing --add-opens java.base/java.lang=ALL-UNNAMED, or -Dgmp4j.scheduler=jdk?)");
                }
                printSummary(true);
                yield true;
            }
            case "jdk" -> false;
            default -> throw new IllegalArgumentException("scheduler must be gmp4j or jdk: " + scheduler);
        };
    }

    /** Prints gmp4j's scheduler stats line when running on gmp4j. */
    static void printSummary(boolean gmp) {
        if (gmp) {
            System.out.println("# gmp4j: " + Scheduler.summary());
        }
    }
}
