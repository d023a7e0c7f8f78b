package io.computenet.benchmarks;

import java.util.ArrayDeque;
import java.util.Deque;

/** What a harness started, closed in reverse order (by the harness at its end, and by its shutdown hook on Ctrl-C). */
final class StartedComponents {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Remembers {@code component} to close it later; returns it. */
    <T extends AutoCloseable> T track(T component) {
        synchronized (started) {
            started.push(component);
        }
        return component;
    }

    /** Closes everything tracked, newest first; a failure to close one is reported and the rest still close. */
    void closeAll() {
        while (true) {
            AutoCloseable c;
            synchronized (started) {
                c = started.poll();
            }
            if (c == null) {
                return;
            }
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("could not stop " + c + ": " + e);
            }
        }
    }
}
