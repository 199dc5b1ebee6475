package io.gmp4j.peers.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a child loaded before its body ran, read from its {@code -Xlog:class+load} log up to the
 * line of {@link FirstStart.BodyRan}: every class, those that came from the JDK's CDS archive or
 * the AOT cache ("shared objects file"), gmp4j's own, and the classes spun at run time (lambda
 * forms, lambda proxies, string-concatenation shapes that no archive held). Classes loaded by
 * other threads meanwhile count too (sysmon's, the JIT's).
 *
 * @param total   every class loaded before the body ran, from JVM start
 * @param shared  of which from the CDS archive or the AOT cache
 * @param gmp4j   of which gmp4j's (io.gmp4j, the harness excluded)
 * @param spun    of which generated at run time
 * @param complete whether the log reached the body's line
 */
record ClassCounts(int total, int shared, int gmp4j, int spun, boolean complete) {

    static ClassCounts read(Path log) throws IOException {
        return of(Files.readAllLines(log));
    }

    /**
     * The counts of a whole run, to its exit: with an AOT cache the body's mark is no mark (the
     * cache's linked classes load the marker class with the class that refers to it, early).
     */
    static ClassCounts readWholeRun(Path log) throws IOException {
        return of(Files.readAllLines(log).stream().filter(l -> !l.contains(FirstStart.BodyRan.class.getName() + " ")).toList());
    }

    static ClassCounts of(List<String> lines) {
        int total = 0;
        int shared = 0;
        int gmp4j = 0;
        int spun = 0;
        String marker = FirstStart.BodyRan.class.getName();
        for (String line : lines) {
            int at = line.indexOf("[class,load] ");
            if (at < 0) {
                continue;
            }
            String rest = line.substring(at + "[class,load] ".length()).strip();
            int sp = rest.indexOf(' ');
            String name = sp < 0 ? rest : rest.substring(0, sp);
            if (name.equals(marker)) {
                return new ClassCounts(total, shared, gmp4j, spun, true);
            }
            total++;
            boolean fromArchive = rest.endsWith("source: shared objects file");
            if (fromArchive) {
                shared++;
            }
            if (name.startsWith("io.gmp4j.") && !name.startsWith("io.gmp4j.peers.")) {
                gmp4j++;
            }
            if (!fromArchive && (name.contains("$$Lambda") || name.contains("LambdaForm$") || name.contains("$$StringConcat"))) {
                spun++;
            }
        }
        return new ClassCounts(total, shared, gmp4j, spun, false);
    }
}
