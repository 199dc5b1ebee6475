package io.gmp4j;

/**
 * How much of a goroutine's creation site is captured when it is started; set with the
 * {@code gmp4j.creationSite} system property ({@code none}, {@code caller}, {@code stack}).
 *
 * <p>The default is {@link #CALLER}. Measured with {@code SpawnBenchmark} in {@code gmp4j-bench}
 * (2 cores, noisy; spawn+join of one goroutine): a lambda body costs the same as {@link #NONE}
 * (~0.8–1.3 µs either way) because its site is cached per lambda class; a named {@code Runnable}
 * class pays a stack walk on every spawn (~6–20 µs), and {@link #STACK} walks the whole stack on
 * every spawn (~15–60 µs). Use {@link #NONE} for hot spawn loops of named classes.
 */
public enum CreationSiteMode {
    /** Nothing is captured; dumps show no creation site. */
    NONE,
    /** The frame that called {@code Go.go} (Go's {@code created by}), cached per lambda class. */
    CALLER,
    /** The whole stack of the creating goroutine, walked on every spawn (debugging). */
    STACK
}
