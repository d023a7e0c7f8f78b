package io.computenet.cli;

/** The {@code cnet} executable: runs the command line against the real environment and exits with its code. */
public final class CnetMain {

    private CnetMain() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(CliEnvironment.system(), args));
    }
}
