package io.computenet.devstack;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * How the devstack runs {@code kc.sh} (the build and the server) as child processes: a clean Keycloak environment and
 * the output appended to the start's log ({@link #builder}), and the whole process tree stopped, gracefully first
 * ({@link #destroyTree}).
 */
final class KeycloakProcesses {

    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private KeycloakProcesses() {
    }

    /** A builder of {@code command} run in {@code home}, its output appended to {@code logFile}. */
    static ProcessBuilder builder(List<String> command, Path home, Path logFile) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.redirectErrorStream(true);
        // nothing is ever typed into Keycloak; an open pipe nobody writes to would only leak
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = pb.environment();
        // KC_* and QUARKUS_* variables are Keycloak configuration: a stray KC_DB or KC_HOSTNAME
        // from the caller's shell would silently change the server; JAVA_OPTS would replace
        // kc.sh's heap and GC defaults
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_")
                || k.equals("JAVA_OPTS") || k.equals("JAVA_OPTS_APPEND") || k.equals("JAVA_OPTS_KC_HEAP"));
        // run Keycloak on the JDK that runs us, not whatever java is first on PATH
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // C1 only: a dev server is short-lived and start-up bound; measured 26-31 s instead of
        // 34-60 s to ready on a loaded 2-core machine (kc.sh appends this to its own JAVA_OPTS)
        env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        return pb;
    }

    /**
     * Stops {@code process} and its descendants: SIGTERM (children first), up to 20 s grace, then SIGKILL.
     */
    static void destroyTree(Process process) {
        // collected up front: once kc.sh is gone its children are re-parented and unreachable
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().collect(Collectors.toList()));
        // the JVM first: kc.sh only forwards SIGTERM and waits, and SIGTERM to Java runs
        // Keycloak's graceful shutdown
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        tree.add(process.toHandle());
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (ProcessHandle h : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                break;
            } catch (ExecutionException e) {
                // onExit never completes exceptionally for a process handle; ignore defensively
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : tree) {
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : tree) {
            try {
                // SIGKILL is not ignorable; the short wait only lets the kernel reap it
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // nothing more can be done from Java
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
