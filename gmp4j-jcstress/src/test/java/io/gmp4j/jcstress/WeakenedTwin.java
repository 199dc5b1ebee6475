package io.gmp4j.jcstress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a jcstress test as the weakened twin of a real one: the same actors and outcomes with one
 * ordering weakened, so that jcstress must observe one of its forbidden outcomes. The driver,
 * {@link HandshakesUnderJcstressTest}, expects every real test to pass and every twin to fail.
 *
 * <p>{@code @WeakenedTwin(of = HandoffHandshake.class, weakened = "busy = true is a release store")}
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WeakenedTwin {
    /** The real test this one weakens. */
    Class<?> of();

    /** What was weakened, in a few words (the driver's report shows it). */
    String weakened();

    /**
     * Seconds of jcstress time this twin gets in the driver's short run (real tests get 1): more
     * for a twin whose forbidden outcome is too rare to be seen in every run of 1 s. The driver
     * runs each distinct value as a jcstress run of its own (~8 s of set-up each).
     */
    int shortRunSeconds() default 1;
}
