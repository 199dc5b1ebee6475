package io.gmp4j.diag;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A group of goroutines that have been waiting longer than the detector's threshold, all started
 * at one site and waiting at one site for one reason: a suspected leak. Unlike a
 * {@link LeakReport} nothing proves it (something may still wake them), but a group that keeps
 * growing over consecutive scans is the usual shape of a leak under load, so it carries its growth.
 *
 * @param creationSite    where they were started ({@code Class.method(File.java:12)}, or {@code ?})
 * @param waitSite        the innermost frame of their stacks, where they wait (or {@code ?})
 * @param waitReason      why, in Go's words ({@code chan receive}, {@code select}, …)
 * @param count           how many goroutines the group has now
 * @param longestWait     the longest any of them has been waiting
 * @param growthPerMinute how much the group grew per minute over the consecutive scans in which
 *                        it grew each time; 0 when it did not grow
 * @param growingScans    over how many consecutive scans, up to this one, it grew each time (0 if
 *                        it did not grow at this one)
 * @param goroutineIds    the ids of its goroutines (the first 100)
 */
public record SuspectedLeak(String creationSite, String waitSite, String waitReason, int count, Duration longestWait,
                            double growthPerMinute, int growingScans, List<Long> goroutineIds) {
    /**
     * A suspected leak; keeps an unmodifiable copy of {@code goroutineIds}.
     *
     * @param creationSite    where they were started
     * @param waitSite        where they wait
     * @param waitReason      why, in Go's words
     * @param count           how many goroutines the group has now
     * @param longestWait     the longest any of them has been waiting
     * @param growthPerMinute how much the group grew per minute while it grew
     * @param growingScans    over how many consecutive scans it grew
     * @param goroutineIds    the ids of its goroutines (the first 100)
     */
    public SuspectedLeak {
        Objects.requireNonNull(creationSite, "creationSite");
        Objects.requireNonNull(waitSite, "waitSite");
        Objects.requireNonNull(waitReason, "waitReason");
        Objects.requireNonNull(longestWait, "longestWait");
        goroutineIds = List.copyOf(goroutineIds);
    }

    /** {@return true when the group grew at each of at least two consecutive scans up to this one} */
    public boolean growing() {
        return growingScans >= 2;
    }

    /** One line: {@code 12 goroutines [chan receive, up to 5m] at Worker.run(Worker.java:40), created by …}. */
    @Override
    public String toString() {
        String growth = growing() ? String.format(", growing by %.1f/min over %d scans", growthPerMinute, growingScans) : "";
        return count + " goroutine" + (count == 1 ? "" : "s") + " [" + waitReason + ", up to " + human(longestWait) + "] at "
                + waitSite + ", created by " + creationSite + growth;
    }

    static String human(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + d.toSecondsPart() + "s";
        }
        if (d.toSeconds() > 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
