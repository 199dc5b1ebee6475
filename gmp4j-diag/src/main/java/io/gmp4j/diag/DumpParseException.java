package io.gmp4j.diag;

/**
 * A dump that cannot be read: says which line (1-based; 0 when the problem is not tied to a line,
 * as in a truncated binary profile) and why. Parsing never returns a partial snapshot.
 */
public final class DumpParseException extends Exception {
    private final int line;

    /**
     * A dump that cannot be read.
     *
     * @param line    the 1-based line the problem is on, or 0
     * @param message why
     */
    public DumpParseException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /**
     * A dump that cannot be read, because of {@code cause}.
     *
     * @param line    the 1-based line the problem is on, or 0
     * @param message why
     * @param cause   what the reader threw
     */
    public DumpParseException(int line, String message, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + message : message, cause);
        this.line = line;
    }

    /** {@return the 1-based line the problem is on, or 0} */
    public int line() {
        return line;
    }
}
