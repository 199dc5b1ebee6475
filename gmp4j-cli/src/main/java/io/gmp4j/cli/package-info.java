/**
 * The {@code gmp4j} command line ({@link io.gmp4j.cli.Main}) and its commands: {@code demo} runs a
 * mixed goroutine workload and prints scheduler stats every second.
 */
@NullMarked
package io.gmp4j.cli;

import org.jspecify.annotations.NullMarked;
