package io.gmp4j.internal.g;

import io.gmp4j.CreationSite;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's striped open-addressing table against a HashMap model: random adds, removes and
 * look-ups that grow and shrink stripes and exercise backward-shift deletion across wrap-around;
 * then concurrent adds and removes from several threads, after which nothing is lost or doubled.
 */
class RegistryTest {
    private static final Thread UNSTARTED = Thread.ofVirtual().unstarted(() -> { });

    private static G g(long id) {
        return new G(UNSTARTED, id, null, new CreationSite(List.of(), 0), Map.of(), false);
    }

    @Test
    void agreesWithAMapUnderRandomOperations() {
        Registry r = new Registry();
        Map<Long, G> model = new HashMap<>();
        Random rnd = new Random(42);
        List<Long> present = new ArrayList<>();
        for (int step = 0; step < 300_000; step++) {
            // The live set swells to ~20,000 and falls back, so stripes grow and shrink repeatedly.
            boolean grow = (step / 50_000) % 2 == 0;
            int op = rnd.nextInt(10);
            if (op < (grow ? 6 : 3) || present.isEmpty()) {
                long id = 1L + rnd.nextInt(1_000_000);
                if (!model.containsKey(id)) {
                    G g = g(id);
                    r.add(g);
                    model.put(id, g);
                    present.add(id);
                }
            } else if (op < 8) {
                int at = rnd.nextInt(present.size());
                long id = present.get(at);
                present.set(at, present.getLast());
                present.removeLast();
                r.remove(model.remove(id));
                assertThat(r.byId(id)).isNull();
            } else {
                long id = rnd.nextBoolean() && !present.isEmpty()
                        ? present.get(rnd.nextInt(present.size())) : 1 + rnd.nextInt(1_000_000);
                assertThat(r.byId(id)).isSameAs(model.get(id));
            }
            if (step % 10_000 == 0) {
                assertThat(r.count()).isEqualTo(model.size());
                assertThat(r.all()).containsExactlyInAnyOrderElementsOf(model.values());
            }
        }
        for (Map.Entry<Long, G> e : model.entrySet()) {
            assertThat(r.byId(e.getKey())).isSameAs(e.getValue());
        }
        assertThat(r.count()).isEqualTo(model.size());
    }

    @Test
    void removingAnAbsentRecordChangesNothing() {
        Registry r = new Registry();
        G a = g(7);
        r.add(a);
        r.remove(g(7)); // same id, another record: not the one registered
        r.remove(g(8));
        assertThat(r.byId(7)).isSameAs(a);
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void concurrentAddsAndRemovesLoseAndDoubleNothing() throws Exception {
        Registry r = new Registry();
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        List<List<G>> kept = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<G> mine = new ArrayList<>();
            kept.add(mine);
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                List<G> transient_ = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    G g = g(r.newId());
                    r.add(g);
                    if (i % 3 == 0) {
                        mine.add(g);
                    } else {
                        transient_.add(g);
                    }
                    if (transient_.size() > 100) {
                        transient_.forEach(r::remove);
                        transient_.clear();
                    }
                }
                transient_.forEach(r::remove);
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        Set<G> expected = kept.stream().flatMap(List::stream).collect(Collectors.toSet());
        List<G> all = r.all();
        assertThat(new HashSet<>(all)).hasSize(all.size()); // no record twice
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(r.count()).isEqualTo(expected.size());
        for (G g : expected) {
            assertThat(r.byId(g.id())).isSameAs(g);
        }
    }
}
