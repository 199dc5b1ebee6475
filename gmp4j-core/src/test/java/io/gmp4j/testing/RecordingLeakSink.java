package io.gmp4j.testing;

import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.LeakSink;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leak sink of gmp4j-core's own tests (gmp4j-diag is not on their class path): found by the
 * runtime through {@code META-INF/services}, it records the ids of the proven leaks it is handed.
 */
public final class RecordingLeakSink implements LeakSink {
    private static final Set<Long> COLLECTED = ConcurrentHashMap.newKeySet();

    /** Made by ServiceLoader. */
    public RecordingLeakSink() {
    }

    /** Ids of every goroutine handed on as a proven leak in this JVM so far. */
    public static Set<Long> collectedIds() {
        return COLLECTED;
    }

    @Override
    public void collected(GoroutineRecord g) {
        COLLECTED.add(g.id());
    }

    @Override
    public boolean captureWaitStack(GoroutineRecord g) {
        return false;
    }
}
