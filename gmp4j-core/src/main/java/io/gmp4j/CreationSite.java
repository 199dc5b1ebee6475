package io.gmp4j;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Where a goroutine was started: the frames of the code that called {@code Go.go}, innermost
 * first (one frame in {@link CreationSiteMode#CALLER} mode, all of them in
 * {@link CreationSiteMode#STACK} mode), and the id of the goroutine that started it (0 when it was
 * started by a thread that is not a goroutine).
 *
 * @param frames   innermost first; empty when capture is off
 * @param parentId the creating goroutine's id, or 0
 */
public record CreationSite(List<StackTraceElement> frames, long parentId) {
    /**
     * A creation site; keeps an unmodifiable copy of {@code frames}.
     *
     * @param frames   innermost first; empty when capture is off
     * @param parentId the creating goroutine's id, or 0
     */
    public CreationSite {
        frames = List.copyOf(frames);
    }

    /** {@return the calling frame, or null when nothing was captured} */
    public @Nullable StackTraceElement caller() {
        return frames.isEmpty() ? null : frames.getFirst();
    }

    /** Go's wording: {@code created by pkg.Class.method in goroutine 7}. */
    @Override
    public String toString() {
        StackTraceElement c = caller();
        String fn = c == null ? "?" : c.getClassName() + "." + c.getMethodName();
        String at = c == null || c.getFileName() == null ? "" : " (" + c.getFileName() + ":" + c.getLineNumber() + ")";
        return "created by " + fn + (parentId == 0 ? "" : " in goroutine " + parentId) + at;
    }
}
