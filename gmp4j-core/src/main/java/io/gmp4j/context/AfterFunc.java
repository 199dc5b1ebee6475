package io.gmp4j.context;

/** A function registered with {@link Context#afterFunc}; {@link #stop()} unregisters it. */
@FunctionalInterface
public interface AfterFunc {
    /**
     * Stops the function from being run. Returns true if this call stopped it, false if it has
     * already been started (or was already stopped).
     *
     * @return whether this call stopped it
     */
    boolean stop();
}
