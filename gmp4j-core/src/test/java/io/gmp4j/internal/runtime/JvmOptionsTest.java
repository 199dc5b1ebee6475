package io.gmp4j.internal.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The advice the runtime's warnings end with, on the class path the tests run on (the module path
 * is checked by gmp4j-modular-it's ModulePathTest).
 */
class JvmOptionsTest {

    @Test
    void onTheClassPathTheAdviceNamesTheClassPathOptionAndTheReadmeSectionFirst() {
        String advice = JvmOptions.advice();
        assertThat(JvmOptions.opens()).isEqualTo("--add-opens java.base/java.lang=ALL-UNNAMED");
        assertThat(advice).startsWith("run java with --add-opens java.base/java.lang=ALL-UNNAMED (")
                .contains("README, \"Use gmp4j in your project\"")
                .contains("class path")
                .doesNotContain("io.gmp4j.core")
                .doesNotContain("--module-path");
        // a user without a checkout reads the README first; the launcher comes second
        assertThat(advice.indexOf("README")).isLessThan(advice.indexOf("bin/gmp4j"));
    }
}
