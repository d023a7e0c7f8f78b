package io.computenet.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.computenet.cli.Messages;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How values read in tables: money with its currency and unit ({@code 12.50 CNY/h}), memory in GiB, instants in the
 * user's time zone, minutes with their unit; a missing value is empty (shown as {@code -}).
 */
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Messages messages;
    private final ZoneId zone;

    public Formats(Messages messages, ZoneId zone) {
        this.messages = messages;
        this.zone = zone;
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    public static BigDecimal decimal(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An amount with its currency and unit key ({@code unit.per-hour} and so on), at least two decimals. */
    public String money(JsonNode amount, String currency, String unitKey) {
        BigDecimal a = decimal(amount);
        if (a == null) {
            return "";
        }
        String value = (a.scale() < 2 ? a.setScale(2, RoundingMode.UNNECESSARY) : a).toPlainString();
        String unit = unitKey == null ? "" : messages.get(unitKey);
        return value + " " + (currency == null || currency.isEmpty() ? "CNY" : currency) + unit;
    }

    public String gib(JsonNode v) {
        BigDecimal a = decimal(v);
        return a == null ? "" : a.stripTrailingZeros().toPlainString() + " GiB";
    }

    public String mib(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() ? "" : v.asLong() + " MiB";
    }

    public String percent(JsonNode v) {
        BigDecimal a = decimal(v);
        return a == null ? "" : a.setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    public String minutes(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() ? "" : messages.get("unit.minutes", v.asLong());
    }

    /** An ISO-8601 instant from the API in the user's zone; the text as it came when it is no instant. */
    public String instant(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "";
        }
        try {
            return TIME.format(Instant.parse(v.asText()).atZone(zone));
        } catch (DateTimeParseException e) {
            return v.asText();
        }
    }
}
