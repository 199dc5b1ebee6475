package io.gmp4j.diag;

import io.gmp4j.spi.GoroutineRecord;
import io.gmp4j.spi.LeakSink;

/**
 * How gmp4j's runtime hands proven leaks to {@link LeakDetector#global()} and asks it which waits
 * record their stacks: the {@link LeakSink} service that gmp4j-diag provides (module path:
 * {@code provides}; class path: {@code META-INF/services}). The runtime finds and instantiates it;
 * it is not for direct use.
 *
 * @hidden
 */
// Public in an exported package only because ServiceLoader instantiates it: "exports" would have
// its SPI supertype exported too. Error Prone does not know javadoc's @hidden on a class.
@SuppressWarnings({"exports", "InvalidBlockTag"})
public final class LeakDetectorSink implements LeakSink {
    private final LeakDetector detector = LeakDetector.global();

    /** Made by {@link java.util.ServiceLoader}. */
    public LeakDetectorSink() {
    }

    @Override
    public void collected(GoroutineRecord g) {
        detector.collected(g);
    }

    @Override
    public boolean captureWaitStack(GoroutineRecord g) {
        return detector.stackPolicy().capture(g);
    }
}
