package io.gmp4j.jcstress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a real jcstress test as the same test run on a model: a test-source copy of a gmp4j-core
 * class, its fields with the same access modes and its methods line for line. A class of
 * gmp4j-core cannot be weakened from this module, so its real test has no twin of its own; the
 * model's test passes beside it, and the model's {@link WeakenedTwin} shows that the outcomes
 * both forbid can be seen. The driver ({@link HandshakesUnderJcstressTest}, through {@link HandshakeCatalog}) accepts a real
 * test without a twin when a test marked as its model has one, and checks that the three declare
 * the same outcomes.
 *
 * <p>{@code @ModelOf(WaitEpochPublication.class)} on {@code WaitEpochModelPublication}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelOf {
    /** The real test, on the real class, that this one repeats on the model. */
    Class<?> value();
}
