package io.computenet.simulator;

import io.computenet.placement.policy.GpuTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the node and task files of a replay in either format, told apart by content ({@link TraceFormat}): the trace
 * CSV ({@link TraceCsv}) or ComputeNet's inventory records and lease requests ({@link InventoryJson},
 * {@link LeaseRequestJson}). The two files may be in different formats.
 */
public final class TraceFiles {

    private TraceFiles() {
    }

    /** The nodes of {@code file}; {@code host} applies to inventory records without host CPU or memory. */
    public static Fleet readNodes(Path file, InventoryJson.HostResources host) {
        String source = file.getFileName().toString();
        String text = read(file);
        return TraceFormat.of(text) == TraceFormat.JSON ? InventoryJson.parse(source, text, host)
                : Fleet.ofCsv(TraceCsv.parseNodes(source, text));
    }

    /** The tasks of {@code file}; lease requests are mapped against {@code fleet}'s GPU models. */
    public static LeaseRequestJson.Requests readTasks(Path file, Fleet fleet) {
        String source = file.getFileName().toString();
        String text = read(file);
        if (TraceFormat.of(text) == TraceFormat.JSON) {
            return LeaseRequestJson.parse(source, text, fleet);
        }
        List<GpuTask> tasks = TraceCsv.parseTasks(source, text);
        return new LeaseRequestJson.Requests(tasks, List.of());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage());
        }
    }
}
