package io.gmp4j.diag;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code debug=2} goroutine dump: for each goroutine a header
 * {@code goroutine 18 [chan receive, 2 minutes, locked to thread]:}, then its frames, each as the
 * function with {@code (...)} on one line and a tab-indented {@code File.java:123} on the next,
 * then {@code created by F in goroutine N} with its location, and a blank line. As in Go, the wait
 * time is shown only from one minute on, in whole minutes ({@code 1 minutes}, as Go prints it), and
 * {@code in goroutine N} only when a goroutine started it.
 *
 * <p>A goroutine's contexts follow its block, after the blank line, one line each, in logfmt
 * after a fixed prefix (the wait reason in the header stays Go's):
 * <pre>
 * # goroutine 18 waits on ctx.Done(): context="context.Background.WithDeadline(2026-12-02 17:00:01.5 +0000 UTC [1.5s])" kind=WithTimeout deadline=2026-12-02T17:00:01.500Z timeout=2s made_at=com.example.Api.handle(Api.java:40)
 * # goroutine 18 started with ctx: context="context.Background.WithCancel" kind=WithCancel err="context canceled" cause="java.io.IOException: client gone"
 * </pre>
 * Keys in that order, each only when known; {@code context}, {@code err} and {@code cause} are
 * always quoted (Go's escapes), others only when they hold a space, a quote or an {@code =}.
 * Lines outside goroutine blocks that do not start with {@code goroutine } are skipped by Go's
 * dump readers that read gmp4j's frames (DataDog's gostackparse skips every line between blocks
 * that is not a header; a line inside a block would drop that goroutine); panicparse, which reads
 * only Go source files, stops at the first such line.
 */
final class Debug2Writer {
    private Debug2Writer() {
    }

    static void write(Snapshot s, Writer w) throws IOException {
        boolean first = true;
        for (GoroutineInfo g : s.goroutines()) {
            if (!first) {
                w.write('\n');
            }
            first = false;
            w.write(header(g));
            w.write('\n');
            for (Frame f : g.frames()) {
                w.write(f.function());
                w.write("(...)\n\t");
                w.write(f.location());
                w.write('\n');
            }
            if (g.createdBy() != null) {
                w.write("created by ");
                w.write(g.createdBy().function());
                if (g.creatorId() != 0) {
                    w.write(" in goroutine " + g.creatorId());
                }
                w.write("\n\t");
                w.write(g.createdBy().location());
                w.write('\n');
            }
            if (!g.waitContexts().isEmpty() || g.context() != null) {
                w.write('\n');
                for (ContextInfo c : g.waitContexts()) {
                    w.write(contextLine(g.id(), WAITS, c));
                }
                if (g.context() != null) {
                    w.write(contextLine(g.id(), STARTED, g.context()));
                }
            }
        }
    }

    /** What a context line says of its context, after {@code # goroutine N }. */
    static final String WAITS = "waits on ctx.Done()";
    static final String STARTED = "started with ctx";

    /** One context line, with its newline. */
    static String contextLine(long id, String relation, ContextInfo c) {
        StringBuilder b = new StringBuilder(160).append("# goroutine ").append(id).append(' ').append(relation).append(':');
        field(b, "context", c.description(), true);
        field(b, "kind", c.kind(), false);
        Instant deadline = c.deadline();
        if (deadline != null) {
            field(b, "deadline", deadline.toString(), false);
        }
        Duration timeout = c.timeout();
        if (timeout != null) {
            field(b, "timeout", GoDuration.format(timeout), false);
        }
        Frame at = c.createdAt();
        if (at != null) {
            field(b, "made_at", at.function() + "(" + at.location() + ")", false);
        }
        field(b, "err", c.err(), true);
        field(b, "cause", c.cause(), true);
        return b.append('\n').toString();
    }

    private static void field(StringBuilder b, String key, @Nullable String value, boolean quote) {
        if (value == null) {
            return;
        }
        b.append(' ').append(key).append('=');
        boolean plain = !quote && !value.isEmpty() && value.chars().noneMatch(ch -> ch == ' ' || ch == '"' || ch == '=' || ch < 0x20);
        b.append(plain ? value : Debug1Writer.quote(value));
    }

    static String header(GoroutineInfo g) {
        StringBuilder sb = new StringBuilder("goroutine ").append(g.id()).append(" [").append(g.state());
        if (g.waitMinutes() > 0) {
            sb.append(", ").append(g.waitMinutes()).append(" minutes");
        }
        if (g.lockedToThread()) {
            sb.append(", locked to thread");
        }
        return sb.append("]:").toString();
    }
}
