package io.gmp4j.diag;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One goroutine as a snapshot saw it.
 *
 * @param id            the goroutine's id
 * @param name          its name ({@code goroutine-<id>} when none was given)
 * @param state         as Go prints it in a dump header: {@code running}, {@code runnable}, or the
 *                      wait reason of a waiting goroutine ({@code chan receive}, {@code select}, …)
 * @param waitMinutes   whole minutes it has been waiting (0 when not waiting, as Go omits it)
 * @param labels        its labels
 * @param frames        its stack, innermost first (gmp4j's and the JDK's machinery trimmed unless asked)
 * @param createdBy     where it was started (null when unknown)
 * @param creatorId     the goroutine that started it, 0 when none did
 * @param lockedToThread whether it owns its thread (Go's {@code LockOSThread})
 * @param waitContexts  the contexts whose {@code ctx.Done()} channels it waits on: one for a
 *                      receive on a done channel, those among a select's cases; empty otherwise
 *                      (the state keeps Go's wait reason, {@code chan receive} or {@code select})
 * @param context       the context it was started with ({@code Go.go(ctx, body)}), or null
 */
public record GoroutineInfo(long id, String name, String state, long waitMinutes, Map<String, String> labels,
                            List<Frame> frames, @Nullable Frame createdBy, long creatorId, boolean lockedToThread,
                            List<ContextInfo> waitContexts, @Nullable ContextInfo context) {
    /**
     * One goroutine; keeps unmodifiable copies of {@code labels}, {@code frames} and {@code waitContexts}.
     *
     * @param id             the goroutine's id
     * @param name           its name
     * @param state          as Go prints it in a dump header
     * @param waitMinutes    whole minutes it has been waiting
     * @param labels         its labels
     * @param frames         its stack, innermost first
     * @param createdBy      where it was started (null when unknown)
     * @param creatorId      the goroutine that started it, 0 when none did
     * @param lockedToThread whether it owns its thread
     * @param waitContexts   the contexts whose done channels it waits on
     * @param context        the context it was started with, or null
     */
    public GoroutineInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        labels = Map.copyOf(labels);
        frames = List.copyOf(frames);
        waitContexts = List.copyOf(waitContexts);
    }

    /**
     * One goroutine with no contexts (a dump of Go's, of the JDK's, or one without them).
     *
     * @param id             the goroutine's id
     * @param name           its name
     * @param state          as Go prints it in a dump header
     * @param waitMinutes    whole minutes it has been waiting
     * @param labels         its labels
     * @param frames         its stack, innermost first
     * @param createdBy      where it was started (null when unknown)
     * @param creatorId      the goroutine that started it, 0 when none did
     * @param lockedToThread whether it owns its thread
     */
    public GoroutineInfo(long id, String name, String state, long waitMinutes, Map<String, String> labels,
                         List<Frame> frames, @Nullable Frame createdBy, long creatorId, boolean lockedToThread) {
        this(id, name, state, waitMinutes, labels, frames, createdBy, creatorId, lockedToThread, List.of(), null);
    }

    /** {@return this goroutine with the given contexts} */
    GoroutineInfo withContexts(List<ContextInfo> waits, @Nullable ContextInfo startedWith) {
        return new GoroutineInfo(id, name, state, waitMinutes, labels, frames, createdBy, creatorId, lockedToThread, waits, startedWith);
    }
}
