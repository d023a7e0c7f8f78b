package io.computenet.benchmarks;

import java.util.function.Function;

/**
 * What the process-starting harnesses' {@code main} methods share: parse the options (exit 2 with the usage when they
 * are bad), quiet the logging of the in-process parts, stop everything on exit, and exit with the harness's code, or 3
 * when it failed.
 */
final class HarnessMain {

    /** A harness once its options are parsed. */
    interface Harness {
        /** Runs it; the process's exit code. */
        int run() throws Exception;

        /** Stops what it started; called on exit, also after a failure or Ctrl-C. */
        void closeAll();
    }

    private HarnessMain() {
    }

    static <O> void run(String name, String[] args, Function<String[], O> parse, String usage,
                        Function<O, Harness> create) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage);
            System.exit(2);
            return;
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // the Kubernetes stand-ins' event loops say so when a starved CPU delays them; the harnesses measure CPU better
        System.setProperty("org.slf4j.simpleLogger.log.io.vertx.core.impl.BlockedThreadChecker", "error");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Harness harness = create.apply(options);
        Runtime.getRuntime().addShutdownHook(new Thread(harness::closeAll, name + "-stop"));
        int code;
        try {
            code = harness.run();
        } catch (Exception e) {
            System.err.println(name + " failed: " + e);
            e.printStackTrace();
            code = 3;
        }
        System.exit(code);
    }
}
