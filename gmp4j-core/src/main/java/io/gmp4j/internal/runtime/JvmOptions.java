package io.gmp4j.internal.runtime;

/**
 * The JVM options gmp4j needs at full strength, as the path it runs on spells them: on the class
 * path {@code --add-opens java.base/java.lang=ALL-UNNAMED}, on the module path
 * {@code --add-opens java.base/java.lang=io.gmp4j.core}. The README's section "Use gmp4j in your
 * project" gives them for Maven, Gradle and plain {@code java}; in a gmp4j checkout
 * {@code bin/gmp4j jvm-opts [--module-path]} prints the same.
 */
final class JvmOptions {
    private JvmOptions() {
    }

    /** The option for this JVM's path. */
    static String opens() {
        Module us = JvmOptions.class.getModule();
        return "--add-opens java.base/java.lang=" + (us.isNamed() ? us.getName() : "ALL-UNNAMED");
    }

    /**
     * One clause of advice, for the warnings: the option, then where to read how to set it, first
     * the README (which a user who took gmp4j from a repository has), then the launcher of a checkout.
     */
    static String advice() {
        boolean modulePath = JvmOptions.class.getModule().isNamed();
        return "run java with " + opens() + " (see gmp4j's README, \"Use gmp4j in your project\", for Maven, Gradle and the "
                + (modulePath ? "module" : "class") + " path; in a gmp4j checkout, bin/gmp4j jvm-opts"
                + (modulePath ? " --module-path" : "") + " prints it)";
    }
}
