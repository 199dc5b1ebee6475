package io.gmp4j.diag;

import io.gmp4j.spi.Goroutines;
import org.jspecify.annotations.Nullable;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this JVM can prove goroutine leaks, and what the leak detector says when it cannot:
 * without the JVM option gmp4j needs, the JDK's root thread container keeps every virtual thread
 * alive, so the GC never collects a leaked goroutine and every proven-leak answer would be a
 * silent zero. Instead the first entry point that would answer so logs one warning per JVM (at
 * WARNING on the {@code io.gmp4j.diag.LeakDetector} {@link System.Logger}), and every
 * goroutineleak profile carries a comment saying so.
 */
final class ProvenLeakDetection {
    /*
     * Implementation notes. The answer and its reason are the runtime's (SPI:
     * Goroutines.provenLeaksUndetectableReason, null when leaks can be proven); the reason names
     * the JVM option for the path gmp4j runs on (class path or module path) and the README
     * section, so the advice is written once, in core. The runtime fixes it when it starts, so
     * it is read on each call rather than cached here. WARNED goes false -> true once, by CAS:
     * exactly one caller logs, whichever entry point it came through.
     */
    private static final System.Logger LOG = System.getLogger(LeakDetector.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private ProvenLeakDetection() {
    }

    /** {@return why proven leaks cannot be detected in this JVM, with the option that fixes it; null when they can} */
    static @Nullable String offReason() {
        String why = Goroutines.provenLeaksUndetectableReason();
        return why == null ? null : oneLine(why);
    }

    /**
     * Logs the warning the first time any entry point is called in a JVM that cannot prove
     * leaks; does nothing afterwards, or when leaks can be proven.
     *
     * @param entryPoint the public method called, as the warning names it ({@code LeakDetector.collectNow()})
     */
    static void warnIfOff(String entryPoint) {
        String why = offReason();
        if (why != null && WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, warning(entryPoint, why));
        }
    }

    /** The logged warning's text. */
    static String warning(String entryPoint, String why) {
        return "gmp4j: " + entryPoint + " cannot see proven goroutine leaks in this JVM: proven-leak detection is off, so"
                + " collectNow() and provenLeaks() stay empty and the goroutineleak profile says total 0 however many"
                + " goroutines leak (suspectedLeaks() still finds goroutines stuck for long); " + why;
    }

    /** {@return the comment every goroutineleak profile carries while proven leaks cannot be detected, or null} */
    static @Nullable String profileComment() {
        String why = offReason();
        return why == null ? null : comment(why);
    }

    /** The profile comment's text (one line). */
    static String comment(String why) {
        return "gmp4j: proven-leak detection is off in this JVM, so this profile lists no leak: " + oneLine(why);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
