package io.computenet.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computenet.cli.Messages;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode rows(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void alignsColumnsLeftForTextAndRightForNumbersWithoutTrailingSpaces() throws Exception {
        // given
        Table table = Table.of(Table.Column.left("MODEL", r -> r.path("model").asText()),
                Table.Column.right("FREE", r -> r.path("free").asText()));

        // when
        String text = table.render(rows("[{\"model\":\"A100-SXM4-80GB\",\"free\":3},{\"model\":\"910B\",\"free\":12}]"));

        // then
        assertThat(text).isEqualTo("""
                MODEL           FREE
                A100-SXM4-80GB     3
                910B              12
                """);
    }

    @Test
    void countsChineseTextAsTwoColumnsWide() throws Exception {
        // given
        Table table = Table.of(Table.Column.left("区域", r -> r.path("r").asText()),
                Table.Column.left("型号", r -> r.path("m").asText()));

        // when
        String text = table.render(rows("[{\"r\":\"华东\",\"m\":\"A100\"},{\"r\":\"cn-west\",\"m\":\"910B\"}]"));

        // then: the second column starts in the same terminal column on every line
        List<String> lines = text.lines().toList();
        assertThat(lines).containsExactly("区域     型号", "华东     A100", "cn-west  910B");
        assertThat(lines.stream().map(l -> DisplayWidth.of(l.substring(0, l.lastIndexOf(' ') + 1))).distinct())
                .containsExactly(9);
    }

    @Test
    void showsAMissingValueAsADash() throws Exception {
        Table table = Table.of(Table.Column.left("A", r -> r.path("a").asText("")),
                Table.Column.left("B", r -> r.path("b").asText("")));

        assertThat(table.render(rows("[{\"a\":\"x\"}]"))).isEqualTo("A  B\nx  -\n");
    }

    @Test
    void writesLabelledFieldsAlignedAndLeavesOutEmptyOnes() {
        String text = Table.fields(List.of(new String[]{"Lease", "l-1"}, new String[]{"Reason", ""},
                new String[]{"State", "RUNNING"}));

        assertThat(text).isEqualTo("Lease:  l-1\nState:  RUNNING\n");
    }

    @Test
    void writesMoneyWithItsCurrencyAndUnitAndMemoryInGib() throws Exception {
        Formats en = new Formats(new Messages(Locale.ENGLISH), ZoneId.of("Asia/Shanghai"));
        Formats zh = new Formats(new Messages(Locale.CHINESE), ZoneId.of("Asia/Shanghai"));
        JsonNode v = rows("{\"price\":7.5,\"mem\":40.0,\"at\":\"2026-12-07T02:00:00Z\",\"cost\":\"12.345\"}");

        assertThat(en.money(v.get("price"), "CNY", "unit.per-device-hour")).isEqualTo("7.50 CNY/device-h");
        assertThat(zh.money(v.get("price"), "CNY", "unit.per-hour")).isEqualTo("7.50 CNY/小时");
        assertThat(en.money(v.get("cost"), "CNY", null)).isEqualTo("12.345 CNY");
        assertThat(en.gib(v.get("mem"))).isEqualTo("40 GiB");
        assertThat(en.instant(v.get("at"))).isEqualTo("2026-12-07 10:00:00");
        assertThat(en.money(v.get("missing"), "CNY", null)).isEmpty();
    }
}
