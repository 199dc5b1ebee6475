package io.gmp4j.internal.runtime;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A goroutine body that calls a user's function with an argument ({@code Go.go(ctx, c -> ...)}
 * runs {@code body.accept(ctx)}). Its creation site is keyed by the user's function, not by this
 * wrapper: in {@code caller} mode sites are cached per lambda class, and one wrapper class serves
 * every call site, so keyed by the wrapper every goroutine would show the first caller's site.
 * Being internal, its frame is trimmed from dumps like the rest of the start machinery.
 *
 * @param <T> the argument's type
 */
public final class ArgumentBody<T> implements Runnable {
    private final Consumer<T> body;
    private final T argument;

    /**
     * A body that runs {@code body.accept(argument)}.
     *
     * @param body     the user's function
     * @param argument what it is given
     */
    public ArgumentBody(Consumer<T> body, T argument) {
        this.body = Objects.requireNonNull(body, "body");
        this.argument = argument;
    }

    @Override
    public void run() {
        body.accept(argument);
    }

    /** {@return the user's function (its class keys the creation site)} */
    Object userBody() {
        return body;
    }
}
