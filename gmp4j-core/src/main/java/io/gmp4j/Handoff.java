package io.gmp4j;

import java.time.Duration;
import java.time.Instant;

/**
 * A goroutine that held its carrier so long (a CPU-bound loop, a native frame, blocking I/O)
 * while other goroutines waited that sysmon handed its P to another carrier.
 *
 * @param goroutineId   the goroutine's id
 * @param goroutineName its name
 * @param proc          the P that was handed off
 * @param runningFor    how long it had been running when the hand-off happened
 * @param at            when
 * @param syscall       true when the goroutine was blocked in a system call (its carrier off the
 *                      CPU in a native method, such as file I/O: Go's syscall hand-off), false
 *                      when it was computing (a hog)
 */
public record Handoff(long goroutineId, String goroutineName, int proc, Duration runningFor, Instant at,
                      boolean syscall) {
    /**
     * A hand-off of a computing goroutine (not in a system call).
     *
     * @param goroutineId   the goroutine's id
     * @param goroutineName its name
     * @param proc          the P that was handed off
     * @param runningFor    how long it had been running when the hand-off happened
     * @param at            when
     */
    public Handoff(long goroutineId, String goroutineName, int proc, Duration runningFor, Instant at) {
        this(goroutineId, goroutineName, proc, runningFor, at, false);
    }
}
