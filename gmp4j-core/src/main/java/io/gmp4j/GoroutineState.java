package io.gmp4j;

/**
 * The scheduling state of a goroutine, as Go's runtime names them ({@code _Grunnable},
 * {@code _Grunning}, {@code _Gwaiting}, {@code _Gdead}).
 */
public enum GoroutineState {
    /** Ready to run: in a run queue, or started and not yet scheduled. */
    RUNNABLE,
    /** Mounted on a carrier (an M) and executing. */
    RUNNING,
    /** Blocked: see {@link Goroutine#waitReason()}. */
    WAITING,
    /** Finished (normally or with an uncaught exception). */
    DEAD
}
