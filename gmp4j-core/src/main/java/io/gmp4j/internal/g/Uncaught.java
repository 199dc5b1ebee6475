package io.gmp4j.internal.g;

import io.gmp4j.Goroutine;
import io.gmp4j.UncaughtGoroutineHandler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/** The replaceable handler for exceptions that escape goroutines (Go's panics). */
public final class Uncaught {
    /** Prints Go's panic shape to System.err: the error, then the goroutine and its stack. */
    public static final UncaughtGoroutineHandler DEFAULT = Uncaught::print;

    private static volatile UncaughtGoroutineHandler handler = DEFAULT;

    private Uncaught() {
    }

    /**
     * Installs a handler.
     *
     * @param h the new handler
     * @return the handler it replaces
     */
    public static UncaughtGoroutineHandler set(UncaughtGoroutineHandler h) {
        UncaughtGoroutineHandler old = handler;
        handler = Objects.requireNonNull(h, "handler");
        return old;
    }

    /** {@return the installed handler} */
    public static UncaughtGoroutineHandler get() {
        return handler;
    }

    static void report(Goroutine g, Throwable e) {
        try {
            handler.uncaught(g, e);
        } catch (Throwable inHandler) {
            System.err.println("gmp4j: the uncaught-exception handler failed for goroutine " + g.id() + ":");
            inHandler.printStackTrace();
            print(g, e);
        }
    }

    /**
     * Renders the report that the default handler prints.
     *
     * @param g the goroutine
     * @param e what escaped its body
     * @return the report, Go's panic shape
     */
    public static String render(Goroutine g, Throwable e) {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        pw.println("panic: " + e);
        pw.println();
        pw.println("goroutine " + g.id() + " [running] \"" + g.name() + "\":");
        e.printStackTrace(pw);
        pw.println(g.creationSite());
        pw.flush();
        return sw.toString();
    }

    private static void print(Goroutine g, Throwable e) {
        System.err.print(render(g, e));
        System.err.flush();
    }
}
