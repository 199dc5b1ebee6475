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
 * stack walk and later ones pay for a {@link ClassValue} look-up. Named Runnable classes can be
 * started from many places, so for them every spawn walks (the walk stops at the first frame
 * outside gmp4j).
 */
final class CreationSites {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final List<StackTraceElement> NONE = List.of();

    static final CreationSiteMode MODE = parseMode(System.getProperty("gmp4j.creationSite", "caller"));

    private static final ClassValue<List<StackTraceElement>> BY_LAMBDA = new ClassValue<>() {
        @Override
        protected List<StackTraceElement> computeValue(Class<?> type) {
            return walk(1);
        }
    };

    private CreationSites() {
    }

    static CreationSiteMode parseMode(String v) {
        try {
            return CreationSiteMode.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gmp4j.creationSite must be none, caller or stack, got '" + v + "'", e);
        }
    }

    static CreationSite capture(Runnable task, long parentId) {
        Class<?> body = (task instanceof ArgumentBody<?> a ? a.userBody() : task).getClass();
        List<StackTraceElement> frames = switch (MODE) {
            case NONE -> NONE;
            case CALLER -> body.isHidden() ? BY_LAMBDA.get(body) : walk(1);
            case STACK -> walk(Integer.MAX_VALUE);
        };
        return new CreationSite(frames, parentId);
    }

    /**
     * Where a virtual thread started inside a goroutine was started (see {@link Adoption}): the
     * JDK's thread-starting frames (builders, executors, structured concurrency) are skipped like
     * gmp4j's own, so the site is the user's call. Always a walk: there is no lambda to key a cache.
     */
    static CreationSite captureThreadStart(long parentId) {
        List<StackTraceElement> frames = switch (MODE) {
            case NONE -> NONE;
            case CALLER -> walkThreadStart(1);
            case STACK -> walkThreadStart(Integer.MAX_VALUE);
        };
        return new CreationSite(frames, parentId);
    }

    /** Whether the calling thread's stack holds a frame of a class whose name starts with {@code prefix}. */
    static boolean onStack(String prefix) {
        return WALKER.walk(s -> s.anyMatch(f -> f.getClassName().startsWith(prefix)));
    }

    private static List<StackTraceElement> walkThreadStart(int max) {
        return WALKER.walk(s -> s
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
        return WALKER.walk(s -> s
                .filter(f -> !f.getClassName().startsWith("io.gmp4j."))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
    }

    private static List<StackTraceElement> walk(int max) {
        return WALKER.walk(s -> s
                .filter(f -> !isMachinery(f.getClassName()))
                .limit(max)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .collect(java.util.stream.Collectors.toUnmodifiableList()));
    }

    private static boolean isMachinery(String cls) {
        return cls.startsWith("io.gmp4j.internal.") || cls.equals("io.gmp4j.Go") || cls.startsWith("java.lang.ClassValue");
    }
}
