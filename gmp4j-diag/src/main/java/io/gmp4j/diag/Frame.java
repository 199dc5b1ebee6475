package io.gmp4j.diag;

import java.util.Objects;

/**
 * One frame of a goroutine's stack: the function as Go prints it ({@code package.Class.method}),
 * the source file's name and the line, 0 when unknown.
 *
 * @param function the function, {@code package.Class.method}
 * @param file     the source file's name, empty when unknown
 * @param line     the line, 0 when unknown
 */
public record Frame(String function, String file, int line) {
    /**
     * A frame; a null {@code file} becomes empty.
     *
     * @param function the function, {@code package.Class.method}
     * @param file     the source file's name, empty when unknown
     * @param line     the line, 0 when unknown
     */
    public Frame {
        Objects.requireNonNull(function, "function");
        file = file == null ? "" : file;
    }

    static Frame of(StackTraceElement e) {
        return new Frame(e.getClassName() + "." + e.getMethodName(), e.getFileName(), Math.max(0, e.getLineNumber()));
    }

    /** {@return {@code File.java:123}, as the second line of a debug=2 frame shows it ({@code ?} when unknown)} */
    public String location() {
        return (file.isEmpty() ? "?" : file) + (line > 0 ? ":" + line : "");
    }
}
