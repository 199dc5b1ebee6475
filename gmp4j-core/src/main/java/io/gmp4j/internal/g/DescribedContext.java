package io.gmp4j.internal.g;

import io.gmp4j.spi.ContextDescription;

/**
 * A context of gmp4j's own ({@code io.gmp4j.context}): it carries a description of itself that a
 * goroutine's record may hold strongly (it refers to no context and no channel).
 */
public interface DescribedContext {
    /** {@return its description} */
    ContextDescription description();

    /**
     * {@return the description of {@code ctx}}: its own for gmp4j's contexts, its class name for a
     * context of another implementation (which is not held)
     *
     * @param ctx a context
     */
    static ContextDescription of(Object ctx) {
        return ctx instanceof DescribedContext d ? d.description() : new ForeignContext(ctx.getClass().getName());
    }
}
