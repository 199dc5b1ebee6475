package io.gmp4j.internal.g;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every live goroutine's record (Go's {@code allgs}), keyed by id.
 *
 * <p>Records are held strongly, threads never (a {@link G} refers to its thread weakly).
 * {@link #count()} is exact whenever no goroutine is starting or ending: a goroutine is added
 * before its thread starts and removed before its joiners are woken.
 *
 * <p>Runtime goroutines ({@link G#isSystem()}: the JDK's network pollers when they run on gmp4j's
 * scheduler) are kept apart, as Go keeps its {@code runtime.*} goroutines out of
 * {@code NumGoroutine} and out of tracebacks unless {@code GOTRACEBACK=system}: {@link #count()},
 * {@link #all()} and {@link #byId} never see them; {@link #system()} lists them.
 */
public final class Registry {
    /*
     * Implementation notes. The table is split into STRIPES independent open-addressing hash
     * tables of G, each guarded by its own monitor; a record lives in stripe (mix(id) & MASK) at
     * the first free slot probing linearly from mix(id) >>> shift. Removal shifts later entries of
     * the same probe run back (no tombstones), so every stripe keeps the invariant "a present id
     * is found before the first empty slot of its probe run". A stripe grows at half full and
     * shrinks at one eighth, so it costs 8 to 32 bytes per record (4-byte references) instead of
     * the 56 bytes of a ConcurrentHashMap node plus a boxed Long key; that is most of what W6
     * (memory per parked goroutine) can save outside the JDK's own thread objects.
     *
     * Every access to a stripe's arrays and size happens under its monitor, so each stripe is
     * linearizable on its own; `count` and `all` visit the stripes one after the other and hold
     * one monitor at a time, so they never stop the program and see every goroutine that stayed
     * live during the whole visit (the same weak consistency a ConcurrentHashMap iterator gives).
     * Ids come from one AtomicLong; consecutive ids land in different stripes (mix spreads
     * them), so spawns from different carriers rarely meet on one monitor. The count of
     * goroutines ever registered is kept per stripe too, under the monitor add already holds:
     * striped like a LongAdder, at no extra cost per add, and without the LongAdder's class
     * set-up on the first goroutine's path (see GoRuntime's cold-start notes).
     */
    private static final int STRIPES = 64;
    private static final int MASK = STRIPES - 1;
    private static final Registry GLOBAL = new Registry();

    private final Stripe[] stripes = new Stripe[STRIPES];
    /** Runtime goroutines: a handful for the JVM's life, so a plain concurrent set. */
    private final Set<G> system = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);

    Registry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** {@return the registry of this JVM} */
    public static Registry global() {
        return GLOBAL;
    }

    /** {@return a fresh goroutine id: 1, 2, 3, … in the order asked for} */
    public long newId() {
        return nextId.getAndIncrement();
    }

    /**
     * Registers a goroutine that is about to start.
     *
     * @param g its record
     */
    public void add(G g) {
        if (g.isSystem()) {
            system.add(g);
            return;
        }
        long h = mix(g.id());
        stripes[(int) h & MASK].add(g, h);
    }

    /**
     * Unregisters a goroutine (it ended, or the GC proved it leaked); does nothing if it is not there.
     *
     * @param g its record
     */
    public void remove(G g) {
        if (g.isSystem()) {
            system.remove(g);
            return;
        }
        long h = mix(g.id());
        stripes[(int) h & MASK].remove(g, h);
    }

    /** {@return how many goroutines are registered now, runtime goroutines excluded} */
    public long count() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.size();
        }
        return n;
    }

    /** {@return how many goroutines were ever registered, runtime goroutines excluded} */
    public long startedTotal() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.started();
        }
        return n;
    }

    /**
     * {@return the registered goroutine with this id, or null (runtime goroutines excluded)}
     *
     * @param id a goroutine id
     */
    public @Nullable G byId(long id) {
        long h = mix(id);
        return stripes[(int) h & MASK].get(id, h);
    }

    /** {@return a weakly consistent copy of the live records} */
    public List<G> all() {
        List<G> out = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, count() + 16));
        for (Stripe s : stripes) {
            s.copyTo(out);
        }
        return out;
    }

    /** {@return the live runtime goroutines (Go's {@code GOTRACEBACK=system} view adds these to {@link #all()})} */
    public List<G> system() {
        return List.copyOf(system);
    }

    /** A 64-bit finalizer (murmur3's): sequential ids spread over stripes and slots. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** One open-addressing table; every method holds this stripe's monitor. */
    private static final class Stripe {
        private static final int MIN_CAPACITY = 16;

        private G[] slots = new G[MIN_CAPACITY];
        private int size;
        /** Records ever added to this stripe. */
        private long started;

        private int home(long h, int length) {
            return (int) (h >>> 40) & (length - 1);
        }

        synchronized int size() {
            return size;
        }

        synchronized long started() {
            return started;
        }

        synchronized void add(G g, long h) {
            if (2 * (size + 1) > slots.length) {
                rehash(slots.length * 2);
            }
            insert(slots, g, h);
            size++;
            started++;
        }

        synchronized @Nullable G get(long id, long h) {
            G[] t = slots;
            for (int i = home(h, t.length); ; i = (i + 1) & (t.length - 1)) {
                G e = t[i];
                if (e == null || e.id() == id) {
                    return e;
                }
            }
        }

        synchronized void remove(G g, long h) {
            G[] t = slots;
            int n = t.length - 1;
            int i = home(h, t.length);
            while (t[i] != g) {
                if (t[i] == null) {
                    return; // not here (already removed)
                }
                i = (i + 1) & n;
            }
            // Backward-shift deletion: move up every later entry of the run whose home is not in (i, j].
            int hole = i;
            for (int j = (hole + 1) & n; t[j] != null; j = (j + 1) & n) {
                int k = home(mix(t[j].id()), t.length);
                boolean stays = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
                if (!stays) {
                    t[hole] = t[j];
                    hole = j;
                }
            }
            t[hole] = null;
            size--;
            if (t.length > MIN_CAPACITY && 8 * size < t.length) {
                rehash(t.length / 2);
            }
        }

        synchronized void copyTo(List<G> out) {
            for (G e : slots) {
                if (e != null) {
                    out.add(e);
                }
            }
        }

        private void rehash(int capacity) {
            G[] fresh = new G[capacity];
            for (G e : slots) {
                if (e != null) {
                    insert(fresh, e, mix(e.id()));
                }
            }
            slots = fresh;
        }

        private void insert(G[] t, G g, long h) {
            int i = home(h, t.length);
            while (t[i] != null) {
                i = (i + 1) & (t.length - 1);
            }
            t[i] = g;
        }
    }
}
