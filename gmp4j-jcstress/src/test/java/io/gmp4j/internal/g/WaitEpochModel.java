package io.gmp4j.internal.g;

import io.gmp4j.spi.GoroutineRecord;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The wait publication of {@link GWait}, alone, so that its weakened twin
 * ({@link WaitEpochModelReasonFirst}) can change one line of it: gmp4j-core's class cannot be
 * weakened in place. The same fields, with the same types and access modes (volatile, release
 * stores through VarHandles, the plain epoch), and the methods line for line.
 */
final class WaitEpochModel {
    /*
     * Mirrors GWait (gmp4j-core/src/main/java/io/gmp4j/internal/g/GWait.java, working tree of
     * 2026-12-02: the file is not yet committed, so there is no commit to cite). Its code, quoted:
     *
     *   private volatile @Nullable String waitReason;
     *   private volatile @Nullable WaitTarget waitingOn;
     *   private volatile long waitSinceNanos;
     *   private @Nullable Throwable waitStack;
     *   private int waitEpoch;
     *   WAIT_REASON = l.findVarHandle(GWait.class, "waitReason", String.class);
     *   WAITING_ON = l.findVarHandle(GWait.class, "waitingOn", WaitTarget.class);
     *   WAIT_SINCE = l.findVarHandle(GWait.class, "waitSinceNanos", long.class);
     *
     *   public final void beginWait(String reason, @Nullable WaitTarget on) {
     *       waitEpoch++;
     *       waitStack = LeakSinks.captureWaitStack(this) ? new Throwable("blocked here") : null;
     *       WAITING_ON.setRelease(this, on);
     *       WAIT_SINCE.setRelease(this, System.nanoTime());
     *       WAIT_REASON.setRelease(this, reason);
     *   }
     *   public final void endWait() {
     *       WAIT_REASON.setRelease(this, (String) null);
     *       WAITING_ON.setRelease(this, (WaitTarget) null);
     *   }
     *   public final long waitEpoch() { return waitReason != null ? waitEpoch : -1; }
     *   public final @Nullable String gmp4jWaitReason() { return waitReason; }
     *   public final @Nullable WaitTarget waitTarget() { return waitReason != null ? waitingOn : null; }
     *   public final long waitSinceNanos() { return waitReason != null ? waitSinceNanos : 0; }
     *
     * Differences, none in the memory accesses: the fields are package-private, not private, so
     * that the twin's weakened beginWait can write them; captureWaitStack is asked about `record`
     * (one G shared by every model) since the model is not a GoroutineRecord itself. It is the real
     * LeakSinks.captureWaitStack (package-private, hence this package): one volatile load of the
     * sink, null in the jcstress forks (no LeakSink provider is on this module's class path, and
     * nothing there calls LeakSinks.get(), the only look-up), so no stack is ever captured.
     */
    static final VarHandle WAIT_REASON;
    static final VarHandle WAITING_ON;
    static final VarHandle WAIT_SINCE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAIT_REASON = l.findVarHandle(WaitEpochModel.class, "waitReason", String.class);
            WAITING_ON = l.findVarHandle(WaitEpochModel.class, "waitingOn", WaitTarget.class);
            WAIT_SINCE = l.findVarHandle(WaitEpochModel.class, "waitSinceNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile String waitReason;
    volatile WaitTarget waitingOn;
    volatile long waitSinceNanos;
    Throwable waitStack;
    int waitEpoch;
    /** What LeakSinks.captureWaitStack is asked about (GWait passes itself). */
    final GoroutineRecord record;

    WaitEpochModel(GoroutineRecord record) {
        this.record = record;
    }

    /** GWait.beginWait, line for line. */
    void beginWait(String reason, WaitTarget on) {
        waitEpoch++;
        waitStack = LeakSinks.captureWaitStack(record) ? new Throwable("blocked here") : null;
        WAITING_ON.setRelease(this, on);
        WAIT_SINCE.setRelease(this, System.nanoTime());
        WAIT_REASON.setRelease(this, reason);
    }

    /** GWait.endWait, line for line. */
    void endWait() {
        WAIT_REASON.setRelease(this, (String) null);
        WAITING_ON.setRelease(this, (WaitTarget) null);
    }

    /** GWait.waitEpoch, verbatim. */
    long waitEpoch() {
        return waitReason != null ? waitEpoch : -1;
    }

    /** GWait.gmp4jWaitReason, verbatim. */
    String gmp4jWaitReason() {
        return waitReason;
    }

    /** GWait.waitTarget, verbatim. */
    WaitTarget waitTarget() {
        return waitReason != null ? waitingOn : null;
    }

    /** GWait.waitSinceNanos, verbatim. */
    long waitSinceNanos() {
        return waitReason != null ? waitSinceNanos : 0;
    }
}
