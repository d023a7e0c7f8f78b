package io.computenet.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the CPU goes while the harness runs: the CPU time of each component process (a process and its descendants,
 * e.g. PostgreSQL's postmaster and its backends), of groups of this JVM's own threads (the HTTP clients, the rest),
 * and of the whole machine from {@code /proc/stat}, so that what other users of a shared machine burn meanwhile is
 * visible too ({@code other} = machine minus everything the harness started).
 */
final class CpuSampler {

    /** CPU time per named part, and the machine's busy time, at one instant. */
    record Sample(long nanos, Map<String, Duration> parts, Duration machineBusy) {
    }

    private final Map<String, Supplier<List<ProcessHandle>>> processes = new LinkedHashMap<>();
    private final Map<String, java.util.function.Predicate<String>> threadGroups = new LinkedHashMap<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final int cpus = Runtime.getRuntime().availableProcessors();

    /** A component: the process and all its descendants at sampling time. */
    CpuSampler process(String name, long pid) {
        return process(name, pid, java.util.Set::of);
    }

    /**
     * A component: the process and its descendants, less those in {@code excluded} at sampling time (e.g.
     * PostgreSQL without the backends that serve pgbench, which count as pgbench's).
     */
    CpuSampler process(String name, long pid, Supplier<java.util.Set<Long>> excluded) {
        processes.put(name, () -> {
            java.util.Set<Long> skip = excluded.get();
            return ProcessHandle.of(pid)
                    .map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())
                            .filter(h -> !skip.contains(h.pid())).toList())
                    .orElse(List.of());
        });
        return this;
    }

    /** A component made of the processes whose ids {@code pids} gives at sampling time (not their descendants). */
    CpuSampler processes(String name, Supplier<java.util.Set<Long>> pids) {
        processes.put(name, () -> pids.get().stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                .toList());
        return this;
    }

    /**
     * A group of this JVM's threads, by name; threads matching no group count as {@code name} of the last call, and
     * so does the JVM's CPU that no live thread accounts for (JIT compilers, GC, threads that ended).
     */
    CpuSampler threads(String name, java.util.function.Predicate<String> threadName) {
        threadGroups.put(name, threadName);
        return this;
    }

    int cpus() {
        return cpus;
    }

    Sample sample() {
        Map<String, Duration> parts = new LinkedHashMap<>();
        processes.forEach((name, handles) -> parts.put(name, handles.get().stream()
                .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus)));
        if (!threadGroups.isEmpty()) {
            Map<String, Long> byGroup = new LinkedHashMap<>();
            threadGroups.keySet().forEach(g -> byGroup.put(g, 0L));
            String last = List.copyOf(threadGroups.keySet()).get(threadGroups.size() - 1);
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu < 0) {
                    continue;
                }
                String group = threadGroups.entrySet().stream().filter(e -> e.getValue().test(info.getThreadName()))
                        .map(Map.Entry::getKey).findFirst().orElse(last);
                byGroup.merge(group, cpu, Long::sum);
            }
            // what no live Java thread accounts for (the JIT compilers, the GC, threads that have ended) is this
            // JVM's too: it goes to the last group rather than to "other"
            long process = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            long counted = byGroup.values().stream().mapToLong(Long::longValue).sum();
            if (process > counted) {
                byGroup.merge(last, process - counted, Long::sum);
            }
            byGroup.forEach((g, ns) -> parts.put(g, Duration.ofNanos(ns)));
        }
        return new Sample(System.nanoTime(), parts, machineBusy());
    }

    /**
     * CPU used between two samples, as a share of one core (100 % = one core busy) per part, then {@code other}
     * (the machine's busy time not spent by any part) and {@code machine} (all of it).
     */
    static Map<String, Double> shares(Sample from, Sample to) {
        double wall = to.nanos() - from.nanos();
        Map<String, Double> shares = new LinkedHashMap<>();
        double ours = 0;
        for (Map.Entry<String, Duration> e : to.parts().entrySet()) {
            double used = e.getValue().minus(from.parts().getOrDefault(e.getKey(), Duration.ZERO)).toNanos();
            used = Math.max(0, used);
            ours += used;
            shares.put(e.getKey(), used * 100 / wall);
        }
        double machine = to.machineBusy().minus(from.machineBusy()).toNanos();
        shares.put("other", Math.max(0, machine - ours) * 100 / wall);
        shares.put("machine", machine * 100 / wall);
        return shares;
    }

    /** {@code scheduler 95% postgres 40% ...}: each share of one core. */
    static String format(Map<String, Double> shares, Function<String, String> label) {
        StringBuilder b = new StringBuilder();
        shares.forEach((k, v) -> b.append(b.isEmpty() ? "" : "  ").append(label.apply(k)).append(' ')
                .append(String.format("%.0f%%", v)));
        return b.toString();
    }

    /** Busy time of all CPUs since boot ({@code /proc/stat}: user, nice, system, irq, softirq, steal). */
    static Duration machineBusy() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseProcStat(cpu);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    static Duration parseProcStat(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long ticks = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            ticks += i < f.length ? Long.parseLong(f[i]) : 0;
        }
        return Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
    }
}
