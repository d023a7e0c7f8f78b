package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.TaskShape;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Alibaba GPU cluster trace v2023 CSV format (a header row, comma-separated, no quoting).
 * <ul>
 *   <li>Nodes: {@code sn,cpu_milli,memory_mib,gpu,model}.</li>
 *   <li>Tasks: {@code name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,...]}; other columns (qos, phase,
 *       timestamps) are ignored, a missing {@code gpu_spec} column means any model. {@code num_gpu == 0} is a
 *       CPU-only task; {@code num_gpu == 1, gpu_milli < 1000} a soft slice of that share of one GPU;
 *       {@code gpu_milli == 1000} whole GPUs.</li>
 * </ul>
 * Errors are {@link TraceFormatException}s that name the file and line.
 */
public final class TraceCsv {

    private static final List<String> NODE_COLUMNS = List.of("sn", "cpu_milli", "memory_mib", "gpu", "model");
    private static final List<String> TASK_COLUMNS = List.of("name", "cpu_milli", "memory_mib", "num_gpu",
            "gpu_milli");

    private TraceCsv() {
    }

    public static List<NodeState> readNodes(Path file) {
        return parseNodes(file.getFileName().toString(), read(file));
    }

    public static List<GpuTask> readTasks(Path file) {
        return parseTasks(file.getFileName().toString(), read(file));
    }

    public static List<NodeState> parseNodes(String source, String csv) {
        List<NodeState> nodes = new ArrayList<>();
        forEachRow(source, csv, NODE_COLUMNS, row -> {
            long cpu = row.number("cpu_milli");
            long mem = row.number("memory_mib");
            long gpus = row.number("gpu");
            if (gpus < 0 || gpus > 64) {
                throw row.error("gpu must be within 0..64, was " + gpus);
            }
            if (cpu < 0 || mem < 0) {
                throw row.error("cpu_milli and memory_mib must not be negative");
            }
            nodes.add(NodeState.empty(row.text("sn"), row.text("model"), cpu, mem, (int) gpus));
        });
        return nodes;
    }

    public static List<GpuTask> parseTasks(String source, String csv) {
        List<GpuTask> tasks = new ArrayList<>();
        forEachRow(source, csv, TASK_COLUMNS, row -> {
            long n = row.number("num_gpu");
            long g = row.number("gpu_milli");
            if (n < 0 || n > 64) {
                throw row.error("num_gpu must be within 0..64, was " + n);
            }
            if (n > 0 && (g < 1 || g > TaskShape.WHOLE)) {
                throw row.error("gpu_milli must be within 1..1000 for a GPU task, was " + g);
            }
            try {
                TaskShape shape = new TaskShape(row.number("cpu_milli"), (int) (n == 0 ? 0 : g), (int) n,
                        ModelConstraint.parse(row.optional("gpu_spec")));
                tasks.add(new GpuTask(row.text("name"), shape, row.number("memory_mib")));
            } catch (IllegalArgumentException e) {
                throw row.error(e.getMessage());
            }
        });
        return tasks;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage());
        }
    }

    private interface RowHandler {
        void accept(Row row);
    }

    private record Row(String source, int line, Map<String, Integer> columns, String[] cells) {

        String text(String column) {
            String v = optional(column);
            if (v.isEmpty()) {
                throw error("empty " + column);
            }
            return v;
        }

        String optional(String column) {
            Integer i = columns.get(column);
            return i == null || i >= cells.length ? "" : cells[i].trim();
        }

        long number(String column) {
            String v = text(column);
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw error(column + " is not a whole number: '" + v + "'");
            }
        }

        TraceFormatException error(String message) {
            return new TraceFormatException(source + ":" + line + ": " + message);
        }
    }

    private static void forEachRow(String source, String csv, List<String> required, RowHandler handler) {
        try (BufferedReader in = new BufferedReader(new StringReader(csv))) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new TraceFormatException(source + ":1: empty file, expected a header with " + required);
            }
            Map<String, Integer> columns = new HashMap<>();
            String[] names = header.replace("\uFEFF", "").split(",", -1);
            for (int i = 0; i < names.length; i++) {
                columns.putIfAbsent(names[i].trim().toLowerCase(java.util.Locale.ROOT), i);
            }
            List<String> missing = required.stream().filter(c -> !columns.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new TraceFormatException(source + ":1: missing column(s) " + missing + "; header was '"
                        + header + "'");
            }
            int requiredWidth = required.stream().mapToInt(columns::get).max().orElse(0) + 1;
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length < requiredWidth) {
                    throw new TraceFormatException(source + ":" + number + ": expected at least " + requiredWidth
                            + " fields, found " + cells.length);
                }
                handler.accept(new Row(source, number, columns, cells));
            }
            if (number == 1) {
                throw new TraceFormatException(source + ": no rows after the header");
            }
        } catch (IOException e) {
            throw new TraceFormatException(source + ": " + e.getMessage());
        }
    }
}
