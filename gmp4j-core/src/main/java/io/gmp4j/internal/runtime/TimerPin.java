package io.gmp4j.internal.runtime;

import java.util.function.BiConsumer;

/**
 * Keeps a timer channel reachable while a goroutine is blocked on it (Go 1.23's timer channels,
 * whose timer is in the runtime's heap only while a goroutine is blocked on the channel).
 *
 * <p>A timer refers to its channel weakly, so an unreferenced timer can be collected without being
 * stopped. A goroutine blocked on that channel must not be collected with it while the timer
 * may still fire: {@code Chan} calls {@link #blocked()} before such a goroutine parks and
 * {@link #unblocked()} once it has resumed, and the timer holds its channel strongly in between,
 * as long as it is armed. A stopped timer lets go: a goroutine blocked on its channel can then
 * never be woken by it, and is collected (and reported as a proven leak) when nothing else
 * refers to the channel.
 */
public interface TimerPin {
    /** The calling goroutine is about to park on the channel (it is still running). */
    void blocked();

    /** The calling goroutine has resumed from a park that {@link #blocked()} announced. */
    void unblocked();

    /** Attaches a pin to a channel: installed by {@code Chan}, used by the timers. */
    final class Attach {
        private static volatile BiConsumer<Object, TimerPin> attach;

        private Attach() {
        }

        public static void install(BiConsumer<Object, TimerPin> a) {
            attach = a;
        }

        public static void to(Object chan, TimerPin pin) {
            attach.accept(chan, pin);
        }
    }
}
