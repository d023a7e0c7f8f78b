package io.computenet.nodeagent.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * The walk over a box table that prints every device as two lines under a two-line header, as {@code npu-smi info}
 * and plain {@code cnmon} do:
 * <pre>
 * (banner rows)
 * | first header line  |       the layout's isFirstHeader decides which row this is
 * | second header line |
 * +====================+
 * | device 1, line 1   |       a block between borders holds one or more devices, two lines each
 * | device 1, line 2   |
 * +--------------------+
 * | Processes ...      |       the process table ends the device table; it is not read
 * </pre>
 * Each device is handed to the layout as soon as its block is complete, so errors come in the order of the lines.
 */
final class TwoLineBoxTable {

    /** What a tool's table looks like, and what to do with each device. */
    interface Layout {

        /** True for the row that is the header's first line. */
        boolean isFirstHeader(BoxTable candidate);

        /** A row above the header that is not its first line (e.g. the banner with the driver version). */
        void aboveHeader(SourceLine line);

        /** Reads the header's second line and checks both header lines; throws when they are not as expected. */
        BoxTable secondHeader(SourceLine firstLine, BoxTable first, SourceLine line);

        /** True for the row that starts the process table, which ends the device table. */
        boolean isProcessHeader(SourceLine line);

        /** One device: its two lines with the header lines they bind to. */
        void device(SourceLine firstLine, BoxTable first, SourceLine secondLine, BoxTable second);
    }

    /**
     * The error messages that name the tool's layout.
     *
     * @param expectedHeader      what the header should be, for output without one
     * @param missingSecondHeader the error on the first header line when the second never comes
     * @param strayLine           the error on a line in the device table that is neither a row nor a border
     * @param unpairedLine        the error on the last line of a block with an odd number of lines
     */
    record Messages(String expectedHeader, String missingSecondHeader, String strayLine, String unpairedLine) {
    }

    private TwoLineBoxTable() {
    }

    /**
     * Walks the lines and hands every device to the layout.
     *
     * @throws DiscoveryParseException when there is no header, the second header line is missing, or a line in the
     *                                 device table does not fit
     */
    static void read(String tool, List<SourceLine> lines, Layout layout, Messages messages) {
        BoxTable first = null;
        BoxTable second = null;
        SourceLine firstHeaderLine = null;
        List<SourceLine> block = new ArrayList<>();

        for (SourceLine line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (first == null) {
                if (!BoxTable.isRow(line)) {
                    continue;
                }
                BoxTable candidate = BoxTable.header(line);
                if (layout.isFirstHeader(candidate)) {
                    first = candidate;
                    firstHeaderLine = line;
                } else {
                    layout.aboveHeader(line);
                }
                continue;
            }
            if (second == null) {
                second = layout.secondHeader(firstHeaderLine, first, line);
                continue;
            }
            if (BoxTable.isBorder(line)) {
                readBlock(block, first, second, layout, messages);
                block.clear();
                continue;
            }
            if (!BoxTable.isRow(line)) {
                throw line.error(messages.strayLine());
            }
            if (layout.isProcessHeader(line)) {
                readBlock(block, first, second, layout, messages);
                return;
            }
            block.add(line);
        }
        if (first == null) {
            throw SourceLine.noHeader(tool, lines, messages.expectedHeader());
        }
        if (second == null) {
            throw firstHeaderLine.error(messages.missingSecondHeader());
        }
        readBlock(block, first, second, layout, messages);
    }

    private static void readBlock(List<SourceLine> block, BoxTable first, BoxTable second, Layout layout,
                                  Messages messages) {
        if (block.size() % 2 != 0) {
            throw block.get(block.size() - 1).error(messages.unpairedLine());
        }
        for (int i = 0; i < block.size(); i += 2) {
            layout.device(block.get(i), first, block.get(i + 1), second);
        }
    }
}
