package io.gmp4j.internal.runtime;

import io.gmp4j.probes.FirstGoProbe;
import io.gmp4j.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first goroutine with a JDK 25 ahead-of-time cache (what {@code bin/gmp4j aot} makes for the
 * demo), in fresh JVMs: a cache trained on a run is used by the next (gmp4j's classes come from
 * it), and a JVM given a cache it cannot use says so and runs without it. An AOT cache takes only
 * jars, so the test jars gmp4j-core's classes and the probe first.
 */
class ColdStartAotTest {
    private static final List<String> OPENS = List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED");

    @TempDir
    Path dir;

    @Test
    void theFirstGoroutineRunsWithACacheTrainedOnItWithoutOneAndWithOneItCannotUse() throws Exception {
        Path core = jar(dir.resolve("gmp4j-core.jar"), classesRoot(GoRuntime.class), "io/gmp4j/");
        Path probe = jar(dir.resolve("probe.jar"), classesRoot(FirstGoProbe.class), "io/gmp4j/probes/FirstGoProbe");
        String cp = probe + java.io.File.pathSeparator + core;
        Path cache = dir.resolve("first-go.aot");

        ChildJvm.Result train = ChildJvm.run(cp, FirstGoProbe.class, join(OPENS, List.of("-XX:AOTCacheOutput=" + cache)));
        assertThat(train.exitCode()).as(train.stdout() + train.stderr()).isZero();
        assertThat(train.stdout()).contains("ran");
        assertThat(cache).isRegularFile();

        Path used = dir.resolve("with-cache.log");
        ChildJvm.Result withCache = ChildJvm.run(cp, FirstGoProbe.class,
                join(OPENS, List.of("-XX:AOTCache=" + cache, "-Xlog:class+load=info:file=" + used)));
        assertThat(withCache.exitCode()).as(withCache.stdout() + withCache.stderr()).isZero();
        assertThat(withCache.stdout()).contains("ran");
        assertThat(sourceOf(used, GoRuntime.class.getName())).isEqualTo("shared objects file");

        ChildJvm.Result without = ChildJvm.run(cp, FirstGoProbe.class, OPENS);
        assertThat(without.exitCode()).as(without.stderr()).isZero();
        assertThat(without.stdout()).contains("ran");

        Path broken = Files.writeString(dir.resolve("broken.aot"), "not an AOT cache");
        Path notUsed = dir.resolve("broken-cache.log");
        ChildJvm.Result withBroken = ChildJvm.run(cp, FirstGoProbe.class,
                join(OPENS, List.of("-XX:AOTCache=" + broken, "-Xlog:class+load=info:file=" + notUsed)));
        assertThat(withBroken.exitCode()).as(withBroken.stdout() + withBroken.stderr()).isZero();
        assertThat(withBroken.stdout()).contains("ran").contains("AOT cache"); // the JVM's own complaint
        assertThat(sourceOf(notUsed, GoRuntime.class.getName())).endsWith("gmp4j-core.jar");
    }

    private static List<String> join(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Where a class-load log says {@code className} came from. */
    private static String sourceOf(Path log, String className) throws IOException {
        String prefix = className + " source: ";
        return Files.readAllLines(log).stream()
                .map(l -> l.substring(l.indexOf("[class,load] ") + "[class,load] ".length()))
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError(className + " is not in " + log));
    }

    private static Path classesRoot(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * A jar of the class files under {@code root} whose paths start with {@code prefix}; when the
     * classes already are in a jar, that jar.
     */
    private static Path jar(Path jar, Path root, String prefix) throws IOException {
        if (Files.isRegularFile(root)) {
            return root;
        }
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String entry = root.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                if (entry.startsWith(prefix)) {
                    try {
                        j.putNextEntry(new JarEntry(entry));
                        Files.copy(f, j);
                        j.closeEntry();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
        return jar;
    }
}
