/**
 * A JUnit 5 leak check for goroutines: {@link io.gmp4j.junit.CheckGoroutineLeaks} on a test class
 * or method fails a test that leaves goroutines behind, with their stacks.
 *
 * <p>Design. Which goroutines belong to a test is known, not guessed: the extension tags the
 * test's thread (an origin tag, set through the runtime SPI's {@code Goroutines.setOrigin}), every
 * goroutine copies its origin from its parent (or from the starting plain thread), and the tag is
 * told of every start. So attribution
 * is exact under parallel execution, where uber-go/goleak can only compare before/after sets of
 * the whole process. After the test, one deadline bounds the wait for all of them; goroutines the
 * GC has already proven leaked are listed with their leak reports. Ignores match the innermost
 * frame after gmp4j's machinery (the line that blocked) or the creating frame.
 */
@NullMarked
package io.gmp4j.junit;

import org.jspecify.annotations.NullMarked;
