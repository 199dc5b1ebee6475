package io.gmp4j.diag;

import java.io.IOException;
import java.io.Writer;

/**
 * Go's {@code debug=2} goroutine dump: for each goroutine a header
 * {@code goroutine 18 [chan receive, 2 minutes, locked to thread]:}, then its frames, each as the
 * function with {@code (...)} on one line and a tab-indented {@code File.java:123} on the next,
 * then {@code created by F in goroutine N} with its location, and a blank line. As in Go, the wait
 * time is shown only from one minute on, in whole minutes ({@code 1 minutes}, as Go prints it), and
 * {@code in goroutine N} only when a goroutine started it.
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
        }
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
