package io.gmp4j.probes;

import io.gmp4j.Go;
import io.gmp4j.Goroutine;
import io.gmp4j.GoroutineState;
import io.gmp4j.Scheduler;

import java.util.concurrent.atomic.AtomicLong;

/** Child-JVM probe: prints the mode and checks that goroutines work in it. */
public final class ModeProbe {
    public static void main(String[] args) {
        AtomicLong sum = new AtomicLong();
        Goroutine[] gs = new Goroutine[1000];
        for (int i = 0; i < gs.length; i++) {
            int k = i;
            gs[i] = Go.go(() -> sum.addAndGet(k));
        }
        for (Goroutine g : gs) {
            g.join();
        }
        Goroutine parent = Go.go("parent", () -> Go.go("child", () -> { }).join());
        parent.join();
        System.out.println("mode=" + Scheduler.mode());
        System.out.println("sum=" + sum.get());
        System.out.println("num=" + Go.numGoroutine());
        System.out.println("state=" + (gs[0].state() == GoroutineState.DEAD ? "DEAD" : gs[0].state()));
        System.out.println("processors=" + Scheduler.processors().size());
        System.out.println("summary=" + Scheduler.summary());
    }
}
