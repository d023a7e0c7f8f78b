package io.computenet.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of {@code ./computenet up}: starts the stack, writes {@code .computenet/run/ready} (or
 * {@code failed}) for the script, and runs until it is terminated; a shutdown hook stops every component.
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        StackOptions options = StackOptions.defaults(home, System.getenv());
        Files.createDirectories(options.runDir());
        Files.deleteIfExists(options.runDir().resolve("ready"));
        Files.deleteIfExists(options.runDir().resolve("failed"));
        DevStack stack;
        try {
            stack = DevStack.start(options);
        } catch (RuntimeException e) {
            e.printStackTrace();
            Files.writeString(options.runDir().resolve("failed"), String.valueOf(e.getMessage()));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DevStack.log("stopping");
            stack.close();
            stopped.countDown();
        }, "devstack-shutdown"));
        Files.writeString(options.runDir().resolve("ready"), "ready\n");
        DevStack.log("ready");
        stopped.await();
    }
}
