package com.example.ctxsites;

import io.gmp4j.Chan;
import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.context.CancelableContext;
import io.gmp4j.context.Context;
import io.gmp4j.diag.DumpFormat;
import io.gmp4j.diag.LeakDetector;
import io.gmp4j.diag.LeakReport;
import io.gmp4j.diag.Snapshot;

import java.time.Duration;

/**
 * Child-JVM probe of {@code io.gmp4j.diag.ContextDumpsTest}, run with {@code -Dgmp4j.creationSite=stack}
 * (in a package of its own: sites are the first frame outside {@code io.gmp4j}, as a user's would be): a
 * goroutine waits on the done channel of a timeout context, another leaks, started with one;
 * prints the lines where the contexts were made, a debug=2 and a JSON dump, and the leak report.
 */
public final class ContextSitesProbe {
    private ContextSitesProbe() {
    }

    public static void main(String[] args) throws Exception {
        LeakDetector d = LeakDetector.global().logReports(false);
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(30)); int waitLine = line();
        Goroutine waiter = Go.go("waiter", () -> ctx.done().recv());
        int leakLine = leak();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (waiter.state() != GoroutineState.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        System.out.println("waiter=" + waiter.id());
        System.out.println("waitLine=" + waitLine);
        System.out.println("leakLine=" + leakLine);
        Snapshot s = Snapshot.capture();
        System.out.println("=====DEBUG2");
        s.write(DumpFormat.DEBUG2, System.out);
        System.out.println("=====JSON");
        s.write(DumpFormat.JSON, System.out);
        LeakReport r = null;
        while (r == null && System.nanoTime() < deadline + 10_000_000_000L) {
            d.collectNow();
            r = d.provenLeaks().stream().filter(x -> x.name().equals("leaker")).findFirst().orElse(null);
        }
        System.out.println("=====LEAK");
        System.out.println(r);
        ctx.cancel();
        waiter.join();
    }

    /** Leaks a goroutine started with a timeout context; returns the line that made the context. */
    private static int leak() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1)); int at = line();
        Chan<Integer> nobodyReceives = Chan.make();
        Go.go("leaker", ctx, c -> nobodyReceives.send(1));
        return at;
    }

    /** The line of the caller. */
    private static int line() {
        return StackWalker.getInstance().walk(f -> f.skip(1).findFirst().orElseThrow().getLineNumber());
    }
}
