package io.gmp4j.diag;

import io.gmp4j.CreationSite;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A proven goroutine leak: a goroutine that was blocked where nothing could ever wake it, found
 * when the GC collected its thread (its memory is already back). Everything here was known before
 * the thread went: the goroutine's record outlives it.
 *
 * <pre>{@code
 * LeakDetector.global().addListener(r -> log.warn(r.toString()));
 * }</pre>
 *
 * <p>{@link #toString()} renders the whole report as one readable block:
 * <pre>
 * goroutine 42 [chan send (leaked)] "fetcher":
 *   labels: {"job":"nightly"}
 *   blocked on chan#7 (cap 0) since 2026-11-27T03:01:02.123Z, found 2026-11-27T03:01:04.456Z
 *   started with ctx context.Background.WithDeadline(2026-11-27 03:01:03 +0000 UTC [-1.456s]) (timeout 2s, err: context deadline exceeded)
 *   stack when it blocked:
 *     com.example.Fetcher.lambda$start$0(Fetcher.java:31)
 *   created by com.example.Fetcher.start(Fetcher.java:30) in goroutine 1
 * </pre>
 * A goroutine blocked on {@code ctx.Done()} is {@code blocked on ctx.Done() of <context> (chan#N, …)};
 * the {@code started with ctx} line is there for goroutines started with {@code Go.go(ctx, body)}.
 */
public final class LeakReport {
    private final long goroutineId;
    private final String name;
    private final Map<String, String> labels;
    private final CreationSite creationSite;
    private final String waitReason;
    private final String waitedOn;
    private final @Nullable Instant waitingSince;
    private final List<Frame> stack;
    private final Instant detectedAt;
    private final List<ContextInfo> waitContexts;
    private final @Nullable ContextInfo context;

    LeakReport(long goroutineId, String name, Map<String, String> labels, CreationSite creationSite,
               String waitReason, String waitedOn, @Nullable Instant waitingSince, List<Frame> stack, Instant detectedAt,
               List<ContextInfo> waitContexts, @Nullable ContextInfo context) {
        this.goroutineId = goroutineId;
        this.name = Objects.requireNonNull(name, "name");
        this.labels = Map.copyOf(labels);
        this.creationSite = Objects.requireNonNull(creationSite, "creationSite");
        this.waitReason = Objects.requireNonNull(waitReason, "waitReason");
        this.waitedOn = Objects.requireNonNull(waitedOn, "waitedOn");
        this.waitingSince = waitingSince;
        this.stack = List.copyOf(stack);
        this.detectedAt = Objects.requireNonNull(detectedAt, "detectedAt");
        this.waitContexts = List.copyOf(waitContexts);
        this.context = context;
    }

    /** {@return the leaked goroutine's id} */
    public long goroutineId() {
        return goroutineId;
    }

    /** {@return its name ({@code goroutine-<id>} when none was given)} */
    public String name() {
        return name;
    }

    /** {@return its labels} */
    public Map<String, String> labels() {
        return labels;
    }

    /** {@return where it was started, and by which goroutine} */
    public CreationSite creationSite() {
        return creationSite;
    }

    /**
     * What it was doing, in Go's words: {@code chan send}, {@code chan receive}, {@code select},
     * {@code sync.WaitGroup.Wait}, {@code semacquire}, … or, for a park outside gmp4j's
     * primitives, what the last snapshot saw ({@code park} when none saw it).
     *
     * @return the wait reason
     */
    public String waitReason() {
        return waitReason;
    }

    /**
     * The primitive it was blocked on, as text (the primitive itself is gone):
     * {@code chan#7 (cap 0)}, with {@code made at …} when creation sites were captured
     * ({@code -Dgmp4j.creationSite=stack}); {@code unknown} for a park outside gmp4j's primitives.
     *
     * @return the description of the primitive
     */
    public String waitedOn() {
        return waitedOn;
    }

    /** {@return since when it was blocked, when known} */
    public Optional<Instant> waitingSince() {
        return Optional.ofNullable(waitingSince);
    }

    /**
     * Its stack when it blocked, innermost first: captured at the wait when wait stacks are on
     * ({@link LeakDetector#captureStacks(boolean)}, {@code -Dgmp4j.leakStacks=true}) or when its
     * creation site had already leaked a goroutine without a stack (so a leak that repeats has its
     * stack from its second occurrence on), else as a snapshot last saw it in the same wait; empty
     * when none did.
     *
     * @return the frames, innermost first
     */
    public List<Frame> stack() {
        return stack;
    }

    /** {@return when the detector learned of it (shortly after the GC that collected the thread)} */
    public Instant detectedAt() {
        return detectedAt;
    }

    /**
     * {@return the contexts whose {@code ctx.Done()} channels it was blocked on (one, or those among
     * a select's cases), as they were when it was found; empty for other waits}
     */
    public List<ContextInfo> waitContexts() {
        return waitContexts;
    }

    /**
     * {@return the context it was started with ({@code Go.go(ctx, body)}), as it was when the leak
     * was found (its error and cause tell whether the work it was started for had already ended)}
     */
    public Optional<ContextInfo> context() {
        return Optional.ofNullable(context);
    }

    /**
     * The report as a goroutine of a snapshot, in state {@code <reason> (leaked)}. Without a
     * captured stack its one frame is its creation site, so that profiles group such leaks by
     * where they were started rather than into one empty stack.
     */
    GoroutineInfo asGoroutine() {
        StackTraceElement caller = creationSite.caller();
        List<Frame> frames = !stack.isEmpty() || caller == null ? stack : List.of(Frame.of(caller));
        long minutes = waitingSince == null ? 0
                : Math.max(0, java.time.Duration.between(waitingSince, detectedAt).toMinutes());
        return new GoroutineInfo(goroutineId, name, waitReason + " (leaked)", minutes, labels, frames,
                caller == null ? null : Frame.of(caller), creationSite.parentId(), false, waitContexts, context);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("goroutine ").append(goroutineId).append(" [").append(waitReason).append(" (leaked)] \"")
                .append(name).append("\":\n");
        if (!labels.isEmpty()) {
            b.append("  labels: ").append(Debug1Writer.labels(labels)).append('\n');
        }
        b.append("  blocked on ").append(waitedOn);
        if (waitingSince != null) {
            b.append(" since ").append(waitingSince);
        }
        b.append(", found ").append(detectedAt).append('\n');
        if (context != null) {
            b.append("  started with ctx ").append(context.summary()).append('\n');
        }
        if (stack.isEmpty()) {
            b.append("  stack: not captured (LeakDetector.captureStacks(true) or -Dgmp4j.leakStacks=true)\n");
        } else {
            b.append("  stack when it blocked:\n");
            for (Frame f : stack) {
                b.append("    ").append(f.function()).append('(').append(f.location()).append(")\n");
            }
        }
        StackTraceElement caller = creationSite.caller();
        b.append("  created by ").append(caller == null ? "an unknown site" : caller.toString());
        if (creationSite.parentId() != 0) {
            b.append(" in goroutine ").append(creationSite.parentId());
        }
        return b.append('\n').toString();
    }
}
