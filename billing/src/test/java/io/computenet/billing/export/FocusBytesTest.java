package io.computenet.billing.export;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FOCUS export's bytes stay exactly what they were when its writer was made faster: 20,000 varied lines (whole
 * devices and slices, shares, prices and amounts of several scales, instants with and without fractions, three
 * months, names to quote, Chinese text, unknown regions, corrections with and without a price) written and hashed,
 * against the SHA-256 of the same lines written by the export before it was optimised (commit c8b667e).
 */
class FocusBytesTest {

    private static final String[] TENANTS = {"tenant-a", "租户-乙", "tenant, \"c\"", "tenant-d"};
    private static final String[] OPERATORS = {"op-demo", "运营商-甲, Ltd", "op-\"q\"", "op-7"};
    private static final String[] REGIONS = {"cn-east-yrd", "cn-west-nm", "cn-west-gz", "eu-nowhere"};
    private static final String[][] DEVICES = {{"NVIDIA", "H100 80GB HBM3", "", "1"},
            {"NVIDIA", "A100-SXM4-80GB", "MIG 3g.40gb", "0.4286"}, {"HUAWEI_ASCEND", "Ascend910B3",
            "VNPU vir10_3c_32g", "0.5000"}, {"CAMBRICON", "MLU370-X8", "", "1.0"},
            {"NVIDIA", "GeForce RTX 4090", "SOFT", "0.25"}};
    private static final String[] PRICES = {"22.00", "10.8", "6.100000", "3.2", "1.50", "100", "0.000001"};
    private static final String[] PERIODS = {"2026-10", "2026-11", "2026-12"};
    /** SHA-256 of {@link #lines}'s FOCUS file as the export wrote it before the faster writer. */
    private static final String BEFORE = "76650f8f77750ed306a88fa0e080d1cd88f339b44c2fb2b8f486ac4f3a020909";

    @Test
    void writesTheSameBytesAsBeforeItWasMadeFaster() throws IOException, NoSuchAlgorithmException {
        // given
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        FocusRows rows = new FocusRows(RegionNames.load());

        // when
        try (Writer out = new OutputStreamWriter(new DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha),
                StandardCharsets.UTF_8)) {
            FocusWriter writer = new FocusWriter(out);
            writer.header();
            Random random = new Random(17);
            for (int i = 0; i < 20_000; i++) {
                ExportLine l = line(random, i);
                writer.write(i % 97 == 0 ? rows.correction(l, YearMonth.parse(l.period()).plusMonths(1),
                        -l.seconds(), l.amount().negate(), "late lease event", "CN-2027-00000" + (i % 10))
                        : rows.usage(l));
            }
        }

        // then
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(BEFORE);
    }

    @Test
    void writesWholeSecondInstantsAsTheIsoFormatterDoes() {
        // given: instants from 1970 to 9999, whole seconds and not
        Random random = new Random(5);
        StringBuilder fast = new StringBuilder();
        StringBuilder iso = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            long second = i < 4 ? new long[] {0, 253_402_300_799L, 1_795_996_800L, 86_399}[i]
                    : (long) (random.nextDouble() * 253_402_300_800L);
            Instant t = Instant.ofEpochSecond(second, i % 5 == 0 ? random.nextInt(1_000_000_000) : 0);

            // when
            FocusWriter.instant(fast, t);
            DateTimeFormatter.ISO_INSTANT.formatTo(t, iso);
            fast.append(',');
            iso.append(',');
        }

        // then
        assertThat(fast.toString()).isEqualTo(iso.toString());
    }

    private static ExportLine line(Random random, int i) {
        String[] device = DEVICES[random.nextInt(DEVICES.length)];
        boolean slice = !device[2].isEmpty();
        int devices = slice ? 1 : 1 << random.nextInt(4);
        long seconds = 1 + random.nextInt(200_000);
        String period = PERIODS[random.nextInt(PERIODS.length)];
        Instant start = YearMonth.parse(period).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                .plusSeconds(random.nextInt(2_500_000)).plusMillis(random.nextInt(3) == 0 ? random.nextInt(1000) : 0);
        BigDecimal price = new BigDecimal(PRICES[random.nextInt(PRICES.length)]);
        BigDecimal share = new BigDecimal(device[3]);
        BigDecimal amount = price.multiply(BigDecimal.valueOf(seconds * devices)).multiply(share)
                .divide(BigDecimal.valueOf(3600), 2, RoundingMode.HALF_UP);
        return new ExportLine(period, TENANTS[i % TENANTS.length], "ls-" + i, OPERATORS[random.nextInt(4)],
                REGIONS[random.nextInt(REGIONS.length)], device[0], device[1], devices, start,
                start.plusSeconds(seconds).plusMillis(random.nextInt(2) * 250L), seconds,
                i % 53 == 0 ? null : price, "CNY", amount, share, device[2], random.nextInt(5) == 0);
    }
}
