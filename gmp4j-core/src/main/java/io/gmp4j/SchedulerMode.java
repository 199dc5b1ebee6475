package io.gmp4j;

/** Which scheduler runs goroutines in this JVM; see {@link Scheduler#mode()}. */
public enum SchedulerMode {
    /** gmp4j's own GMP scheduler (P's, M's, run queues, stealing, sysmon). */
    GMP,
    /**
     * The JDK's default virtual-thread scheduler: chosen when {@code java.lang} is not opened to
     * gmp4j ({@code --add-opens java.base/java.lang=ALL-UNNAMED}) or when
     * {@code -Dgmp4j.scheduler=jdk}. Goroutines work; per-P counters and hand-offs are not available.
     */
    JDK_DEFAULT
}
