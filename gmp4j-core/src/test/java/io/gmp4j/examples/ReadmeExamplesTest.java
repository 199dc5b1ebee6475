package io.gmp4j.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java examples are tests' code: every {@code ```java} block of the project's
 * README.md must follow a line {@code <!-- tested in path/to/Source.java -->} (the path from the
 * project root) and appear in that source verbatim, line for line, modulo leading indentation. So
 * README and tests cannot drift apart, and every example compiles and runs.
 */
class ReadmeExamplesTest {
    private static final Pattern MARKER = Pattern.compile("<!-- tested in (\\S+) -->");

    @Test
    void everyJavaBlockOfTheReadmeIsInItsTestVerbatim() throws IOException {
        Path root = projectRoot();
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < readme.size(); i++) {
            if (!readme.get(i).strip().equals("```java")) {
                continue;
            }
            int line = i + 1; // 1-based, for messages
            int end = i + 1;
            while (end < readme.size() && !readme.get(end).strip().equals("```")) {
                end++;
            }
            if (end == readme.size()) {
                problems.add("README.md line " + line + ": a ```java block that is never closed");
                break;
            }
            List<String> block = readme.subList(i + 1, end);
            i = end;
            int before = line - 2;
            while (before >= 0 && readme.get(before).isBlank()) {
                before--;
            }
            Matcher m = MARKER.matcher(before >= 0 ? readme.get(before).strip() : "");
            if (!m.matches()) {
                problems.add("README.md line " + line + ": a ```java block without a line "
                        + "<!-- tested in gmp4j-core/src/test/java/…/SomeTest.java --> before it");
                continue;
            }
            Path source = root.resolve(m.group(1));
            if (!Files.isRegularFile(source)) {
                problems.add("README.md line " + line + ": " + m.group(1) + " does not exist");
                continue;
            }
            List<String> code = Files.readAllLines(source);
            if (!containsVerbatim(code, block)) {
                int same = longestMatch(code, block);
                problems.add("README.md line " + line + ": the block is not in " + m.group(1)
                        + " verbatim (modulo leading indentation); it drifts at README.md line " + (line + 1 + same)
                        + ": " + block.get(same).strip());
            }
            checked++;
        }
        assertThat(problems).as("README examples that drifted from their tests").isEmpty();
        assertThat(checked).as("java blocks found in README.md").isPositive();
    }

    @Test
    void aBlockMatchesOnlyAsConsecutiveLinesModuloLeadingIndentation() {
        List<String> source = List.of("class X {", "    void f() {", "        a();", "", "        b();", "    }", "}");
        assertThat(containsVerbatim(source, List.of("a();", "", "b();"))).isTrue();
        assertThat(containsVerbatim(source, List.of("void f() {", "    a();"))).isTrue();
        assertThat(containsVerbatim(source, List.of("a();", "b();"))).as("a line missing").isFalse();
        assertThat(containsVerbatim(source, List.of("a(); ", "", "b( );"))).as("a changed line").isFalse();
        assertThat(containsVerbatim(source, List.of("}", "extra"))).as("runs past the end").isFalse();
        assertThat(longestMatch(source, List.of("a();", "", "c();"))).as("where it drifts").isEqualTo(2);
    }

    /** Whether block's lines occur in source as consecutive lines, leading and trailing blanks aside. */
    static boolean containsVerbatim(List<String> source, List<String> block) {
        List<String> src = source.stream().map(String::strip).toList();
        List<String> blk = block.stream().map(String::strip).toList();
        return blk.isEmpty() || Collections.indexOfSubList(src, blk) >= 0;
    }

    /** How many of block's first lines, at most, occur in source consecutively (modulo indentation). */
    static int longestMatch(List<String> source, List<String> block) {
        int best = 0;
        for (int start = 0; start < source.size(); start++) {
            int k = 0;
            while (k < block.size() && start + k < source.size()
                    && source.get(start + k).strip().equals(block.get(k).strip())) {
                k++;
            }
            best = Math.max(best, k);
        }
        return best;
    }

    /** The project root: the first directory up from the module's (Surefire's basedir) that holds README.md. */
    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("gmp4j-core"))) {
                return d;
            }
        }
        throw new IllegalStateException("no README.md next to gmp4j-core above " + dir);
    }
}
