package io.gmp4j.internal.g;

import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keeps a timer channel reachable while a goroutine is blocked on it (Go 1.23's timer channels,
 * whose timer is in the runtime's heap only while a goroutine is blocked on the channel).
 *
 * <p>A timer refers to its channel weakly, so an unreferenced timer can be collected without being
 * stopped. A goroutine blocked on that channel must not be collected with it while the timer may
 * still fire: the park path announces {@link #blocked()} before such a goroutine parks and
 * {@link #unblocked()} once it has resumed (through the channel's {@link WaitTarget}), and the
 * timer holds its channel strongly in between, as long as it is armed. A stopped timer lets go:
 * a goroutine blocked on its channel can then never be woken by it, and is collected (and
 * reported as a proven leak) when nothing else refers to the channel.
 *
 * <p>A timer registers its pin for its channel with {@link #register} as it makes the channel;
 * the channel's wait target, made the first time a goroutine blocks on the channel, looks it up
 * with {@link #of}. So the channel itself knows nothing of timers, and the look-up costs nothing
 * on the path of a wait. The registration stays as long as the channel lives (two goroutines
 * blocking at once may both make a target; both must find the pin).
 */
public interface TimerPin {
    /** The calling goroutine is about to park on the channel (it is still running). */
    void blocked();

    /** The calling goroutine has resumed from a park that {@link #blocked()} announced. */
    void unblocked();

    /**
     * Registers {@code pin} for {@code channel} (held weakly here: an unreferenced channel and its
     * registration go together). Called by a timer before its channel is handed to anyone.
     *
     * @param channel the timer's channel
     * @param pin     the timer's pin
     */
    static void register(Object channel, TimerPin pin) {
        synchronized (Pins.BY_CHANNEL) {
            Pins.BY_CHANNEL.put(channel, pin);
        }
    }

    /**
     * {@return the pin registered for {@code channel}; null for other channels}
     *
     * @param channel a channel
     */
    static @Nullable TimerPin of(Object channel) {
        synchronized (Pins.BY_CHANNEL) {
            return Pins.BY_CHANNEL.get(channel);
        }
    }

    /** The registry: channels' identities (they do not override equals) to their timers' pins. */
    final class Pins {
        private static final Map<Object, TimerPin> BY_CHANNEL = new WeakHashMap<>();

        private Pins() {
        }
    }
}
