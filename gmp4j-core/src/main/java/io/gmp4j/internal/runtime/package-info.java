/**
 * Starting goroutines (internal): {@link io.gmp4j.internal.runtime.GoRuntime} chooses the mode
 * (GMP or the JDK's default scheduler), builds each goroutine's virtual thread with its own
 * scheduler task, finds the current goroutine, and captures creation sites.
 */
@NullMarked
package io.gmp4j.internal.runtime;

import org.jspecify.annotations.NullMarked;
