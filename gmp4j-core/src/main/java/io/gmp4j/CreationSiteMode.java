package io.gmp4j;

/**
 * How much of a goroutine's creation site is captured when it is started; set with the
 * {@code gmp4j.creationSite} system property ({@code none}, {@code caller}, {@code stack}).
 *
 * <p>The default is {@link #CALLER}: measured by {@code CreationSiteBenchmark} in
 * {@code gmp4j-bench}, it adds a few nanoseconds per spawn because the site is cached per lambda
 * class; {@link #STACK} walks the whole stack on every spawn and costs microseconds.
 */
public enum CreationSiteMode {
    /** Nothing is captured; dumps show no creation site. */
    NONE,
    /** The frame that called {@code Go.go} (Go's {@code created by}), cached per lambda class. */
    CALLER,
    /** The whole stack of the creating goroutine, walked on every spawn (debugging). */
    STACK
}
