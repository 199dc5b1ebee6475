package io.gmp4j.internal.g;

/**
 * Names a JDK park that no gmp4j primitive and no park blocker explains, from the parked
 * goroutine's stack: Go's wait reasons where the JDK does what Go's runtime does.
 */
final class JdkWaits {
    /** How deep the park's own frames go before the caller's (LockSupport, VirtualThread, ...). */
    private static final int DEPTH = 12;

    private JdkWaits() {
    }

    /**
     * "IO wait" when the JDK's poller parked it (a socket read, write, accept or connect on a
     * virtual thread, a selector, {@code SocketChannel}s in blocking mode), as Go's netpoller
     * reports; otherwise "sleep" for a timed park and "park" for an untimed one.
     */
    static String reason(StackTraceElement[] frames, Thread.State state) {
        int n = Math.min(frames.length, DEPTH);
        for (int i = 0; i < n; i++) {
            if (frames[i].getClassName().equals("sun.nio.ch.Poller")) {
                return "IO wait";
            }
        }
        return state == Thread.State.TIMED_WAITING ? "sleep" : "park";
    }
}
