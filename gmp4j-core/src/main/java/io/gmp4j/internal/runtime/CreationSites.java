package io.gmp4j.internal.runtime;

import io.gmp4j.CreationSite;
import io.gmp4j.CreationSiteMode;

import java.util.List;
import java.util.Locale;

/**
 * Captures where goroutines are started (see {@link CreationSiteMode}).
 *
 * <p>In CALLER mode the frame is cached per lambda (hidden) class: each lambda expression or
 * method reference in the source is its own class, so the first spawn from a site pays for one
 * stack capture and later ones pay for a {@link ClassValue} look-up. Named Runnable classes can be
 * started from many places, so for them every spawn walks (the walk stops at the first frame
 * outside gmp4j).
 */
final class CreationSites {
    /*
     * Implementation notes (cold start). The first Go.go of a JVM usually starts a lambda, so its
     * site comes from a Throwable's stack trace (a native walk and one array), not from a
     * StackWalker: the first StackWalker walk of a JVM costs some twenty times more (the walker's
     * option set is read reflectively, its stream classes are linked and its lambdas spun; see
     * docs/performance.md, "Cold start"). Per lambda class that capture runs once, so its cost
     * past the first frame does not matter; the walks that run on every spawn (named classes,
     * STACK mode, threads started inside goroutines) keep the StackWalker, which stops at the
     * first frame it needs, and is made on first use (Walker).
     *
     * The two must find the same frame. Both leave out hidden frames (lambda and method-handle
     * frames); the StackWalker also leaves out reflection frames (Method.invoke,
     * Constructor.newInstance and their accessors in jdk.internal.reflect), which a stack trace
     * shows, so firstCallerFrame skips those by name, and the frames of hidden classes, which a
     * stack trace shows only under the diagnostic -XX:+ShowHiddenFrames (their names hold a '/').
     * A JVM run with -XX:-StackTraceInThrowable gives empty stack traces: then the StackWalker
     * answers.
     */
    private static final List<StackTraceElement> NONE = List.of();

    static final CreationSiteMode MODE = parseMode(System.getProperty("gmp4j.creationSite", "caller"));

    private static final ClassValue<List<StackTraceElement>> BY_LAMBDA = new ClassValue<>() {
        @Override
        protected List<StackTraceElement> computeValue(Class<?> type) {
            return firstCallerFrame();
        }
    };

    /** The StackWalker, made on first use: making one costs more than a Throwable's whole trace. */
    private static final class Walker {
        static final StackWalker WALKER = StackWalker.getInstance();
    }

    private CreationSites() {
    }

    static CreationSiteMode parseMode(String v) {
        // Not CreationSiteMode.valueOf: Enum.valueOf reads the constants reflectively, which
        // costs a cold JVM several milliseconds (this runs as the first goroutine starts).
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> CreationSiteMode.NONE;
            case "caller" -> CreationSiteMode.CALLER;
            case "stack" -> CreationSiteMode.STACK;
            default -> throw new IllegalArgumentException("gmp4j.creationSite must be none, caller or stack, got '" + v + "'");
        };
    }

    static CreationSite capture(Runnable task, long parentId) {
        // if-else, not a switch on the enum: that would load one more class (its switch map) on
        // the first goroutine's path
        Class<?> body = (task instanceof ArgumentBody<?> a ? a.userBody() : task).getClass();
        List<StackTraceElement> frames;
        if (MODE == CreationSiteMode.CALLER) {
            frames = body.isHidden() ? BY_LAMBDA.get(body) : walk(1);
        } else if (MODE == CreationSiteMode.STACK) {
            frames = walk(Integer.MAX_VALUE);
        } else {
            frames = NONE;
        }
        return new CreationSite(frames, parentId);
    }

    /**
     * Where a virtual thread started inside a goroutine was started (see {@link Adoption}): the
     * JDK's thread-starting frames (builders, executors, structured concurrency) are skipped like
     * gmp4j's own, so the site is the user's call. Always a walk: there is no lambda to key a cache.
     */
    static CreationSite captureThreadStart(long parentId) {
        List<StackTraceElement> frames;
        if (MODE == CreationSiteMode.CALLER) {
            frames = walkThreadStart(1);
        } else if (MODE == CreationSiteMode.STACK) {
            frames = walkThreadStart(Integer.MAX_VALUE);
        } else {
            frames = NONE;
        }
        return new CreationSite(frames, parentId);
    }

    /**
     * The first frame outside gmp4j's machinery, from a stack trace (see the notes), or from a walk
     * when this JVM's stack traces are empty.
     */
    private static List<StackTraceElement> firstCallerFrame() {
        StackTraceElement[] trace = new Throwable().getStackTrace();
        if (trace.length == 0) {
            return walk(1);
        }
        for (StackTraceElement f : trace) {
            String cls = f.getClassName();
            if (!isMachinery(cls) && !isReflection(cls) && cls.indexOf('/') < 0) {
                return List.of(f);
            }
        }
        return NONE;
    }

    /** The reflection frames a StackWalker leaves out (StackWalker.Option.SHOW_REFLECT_FRAMES). */
    private static boolean isReflection(String cls) {
        return cls.equals("java.lang.reflect.Method") || cls.equals("java.lang.reflect.Constructor")
                || cls.startsWith("jdk.internal.reflect.");
    }

    /** Whether the calling thread's stack holds a frame of a class whose name starts with {@code prefix}. */
    static boolean onStack(String prefix) {
        return Walker.WALKER.walk(s -> s.anyMatch(f -> f.getClassName().startsWith(prefix)));
    }

    private static List<StackTraceElement> walkThreadStart(int max) {
        return Walker.WALKER.walk(s -> s
                .filter(f -> !isMachinery(f.getClassName()) && !isJdkThreadStart(f.getClassName()))
                .limit(max)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(java.util.stream.Collectors.toUnmodifiableList()));
    }

    private static boolean isJdkThreadStart(String cls) {
        return cls.startsWith("java.lang.Thread") || cls.equals("java.lang.VirtualThread")
                || cls.startsWith("java.lang.VirtualThread$") || cls.startsWith("java.lang.System$")
                || cls.startsWith("java.util.concurrent.") || cls.startsWith("jdk.internal.");
    }

    /** The first frame outside gmp4j (its API package included), or null. */
    static StackTraceElement callerOutsideGmp4j() {
        return Walker.WALKER.walk(s -> s
                .filter(f -> !f.getClassName().startsWith("io.gmp4j."))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
    }

    private static List<StackTraceElement> walk(int max) {
        return Walker.WALKER.walk(s -> s
                .filter(f -> !isMachinery(f.getClassName()))
                .limit(max)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(java.util.stream.Collectors.toUnmodifiableList()));
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("io.gmp4j.internal.") || cls.equals("io.gmp4j.Go") || cls.startsWith("java.lang.ClassValue");
    }
}
