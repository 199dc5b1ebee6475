package io.gmp4j.diag;

/** The formats a {@link Snapshot} writes. */
public enum DumpFormat {
    /** Go's {@code /debug/pprof/goroutine?debug=1}: identical stacks grouped, with counts and labels. */
    DEBUG1,
    /**
     * Go's {@code /debug/pprof/goroutine?debug=2}: every goroutine with its header and stack, then
     * gmp4j's context lines ({@code # goroutine 18 waits on ctx.Done(): …}), which Go's readers skip.
     */
    DEBUG2,
    /** Go's goroutine profile in pprof's gzip'd protobuf format, for {@code go tool pprof}. */
    PPROF,
    /** {@code frame;frame;frame count} lines, outermost first, for flame graphs. */
    FOLDED,
    /** One JSON document; its schema is in {@link JsonDump}. */
    JSON
}
