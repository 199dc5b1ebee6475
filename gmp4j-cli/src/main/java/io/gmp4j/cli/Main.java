package io.gmp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gmp4j} command line. {@code bin/gmp4j} runs it with the JVM options gmp4j needs. */
@Command(name = "gmp4j", mixinStandardHelpOptions = true, version = "gmp4j 0.1.0",
        description = "Go's concurrency model and its leak-diagnosis toolchain on the JVM.",
        subcommands = {DemoCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before run()
    CommandLine.Model.CommandSpec spec;

    /** The top command; picocli fills in its spec. */
    public Main() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
