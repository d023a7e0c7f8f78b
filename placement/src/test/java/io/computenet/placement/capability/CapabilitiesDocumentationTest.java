package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** docs/capabilities.md documents the table; this keeps the document and the code from drifting apart. */
class CapabilitiesDocumentationTest {

    private static final String HEADER = "| model | vendor |";

    @Test
    void theDocumentedTableIsTheCodesTable() throws IOException {
        // given the table in docs/capabilities.md
        List<List<String>> rows = documentedRows(Files.readAllLines(document()));

        // then it lists exactly the code's rows
        assertThat(rows).extracting(row -> row.get(0))
                .containsExactlyElementsOf(Capabilities.all().stream().map(Capability::model).toList());

        // and agrees with each on figure, software and interconnect
        for (List<String> row : rows) {
            String model = row.get(0);
            Capability c = Capabilities.find(Vendor.valueOf(row.get(1)), model).orElseThrow();
            String dense = row.get(3);
            String relative = row.get(4);
            String figure = row.get(5);
            if (figure.equals("unknown")) {
                assertThat(c.relativeCompute()).as(model).isEmpty();
                assertThat(relative).as(model).isEqualTo("unknown");
            } else {
                double value = c.relativeCompute().orElseThrow();
                assertThat(relative).as(model).isEqualTo(String.format(Locale.ROOT, "%.2f", value));
                assertThat(Double.parseDouble(dense) / Capabilities.A100_DENSE_TFLOPS).as(model)
                        .isCloseTo(value, within(1e-9));
                assertThat(c.computeEstimated()).as(model).isEqualTo(figure.equals("estimate"));
                assertThat(figure).as(model).isIn("published", "estimate");
            }
            assertThat(Framework.parse(row.get(6))).as(model).isEqualTo(c.toolkit());
            Set<Framework> frameworks = EnumSet.of(c.toolkit());
            Arrays.stream(row.get(7).split(",")).map(Framework::parse).forEach(frameworks::add);
            assertThat(frameworks).as(model).isEqualTo(c.frameworks());
            assertThat(Interconnect.valueOf(row.get(8))).as(model).isEqualTo(c.interconnect());
        }
    }

    private static List<List<String>> documentedRows(List<String> lines) {
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(HEADER)) {
                header = i;
                break;
            }
        }
        assertThat(header).as("a table starting with '" + HEADER + "'").isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        // skip the header and the |---| line; the table ends at the first line that is not a table row
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i).strip();
            List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
                    .map(String::strip).toList();
            assertThat(cells).as(line).hasSize(9);
            rows.add(cells);
        }
        return rows;
    }

    /** The document, looked for from the working directory (the module when Maven runs the test) upwards. */
    private static Path document() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("capabilities.md");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/capabilities.md not found above " + Path.of("").toAbsolutePath());
    }
}
