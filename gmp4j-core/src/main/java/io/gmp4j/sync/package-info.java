/**
 * Go's {@code sync} package and its {@code golang.org/x/sync} companions on goroutines:
 * {@link io.gmp4j.sync.WaitGroup}, {@link io.gmp4j.sync.Once}, {@link io.gmp4j.sync.OnceValue},
 * {@link io.gmp4j.sync.ErrGroup} (x/sync/errgroup) and {@link io.gmp4j.sync.Semaphore}
 * (x/sync/semaphore, weighted, context-aware). Blocking parks the goroutine's virtual thread
 * and shows Go's wait reasons ("sync.WaitGroup.Wait", "semacquire", "sync.Mutex.Lock").
 *
 * <p>There is no {@code Mutex}, {@code RWMutex} or {@code Cond}: Java's {@code ReentrantLock},
 * {@code ReentrantReadWriteLock}, {@code synchronized} and {@code Condition} already work on
 * goroutines in Java 25. A goroutine blocked on them unmounts from its carrier, and since JDK 24
 * (JEP 491) {@code synchronized} no longer pins the virtual thread either. Likewise
 * {@code sync.Map} is {@code ConcurrentHashMap} and {@code sync/atomic} is
 * {@code java.util.concurrent.atomic}.
 */
@NullMarked
package io.gmp4j.sync;

import org.jspecify.annotations.NullMarked;
