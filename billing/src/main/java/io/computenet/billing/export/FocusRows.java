package io.computenet.billing.export;

import io.computenet.billing.export.FocusRow.ChargeCategory;
import io.computenet.billing.export.FocusRow.ChargeFrequency;
import io.computenet.billing.export.FocusRow.PricingCategory;
import io.computenet.billing.inference.EndpointUsageTotal;
import io.computenet.pricing.rating.Rating;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds FOCUS 1.2 rows from ComputeNet's charges: pure, no framework. Who is who follows the specification's appendix
 * on the origination of cost data for marketplace purchases: ComputeNet issues the invoice and made the service
 * available (InvoiceIssuerName = ProviderName = ComputeNet); the operator whose nodes ran the lease produced it
 * (PublisherName, and its id in {@code x_OperatorId}). The billing account is the tenant. InvoiceId: an issued
 * month's rows ({@link #invoiced}) carry the invoice number; a month not invoiced yet carries the provisional
 * {@link #invoiceId(String, YearMonth)}.
 *
 * <p>Row kinds: {@link #usage} (a lease's usage in a period at one price: PricingQuantity in device-hours, the share
 * of a device a slice holds counted), {@link #voucherCredit} (ChargeCategory Credit, all four costs equal to the
 * negative BilledCost), {@link #tax} (ChargeCategory Tax, costs computed from the related charges' costs, no prices or
 * quantities), {@link #correction} (ChargeClass Correction: a late change to usage of an invoiced period, billed in a
 * later one), {@link #tokens} (an inference endpoint's prompt or completion tokens for one API key in a month, at
 * the token price: zero, see {@link #TOKEN_PRICE_PER_MILLION}). Usage rows carry a unit price; a correction carries
 * the corrected usage's when it was at one price.
 */
public final class FocusRows {

    public static final String COMPUTENET = "ComputeNet";
    public static final String SERVICE_NAME = "ComputeNet Accelerator Leases";
    public static final String SERVICE_CATEGORY = "Compute";
    public static final String SERVICE_SUBCATEGORY = "Containers";
    public static final String PRICING_UNIT = "Device-Hours";
    public static final String CONSUMED_UNIT = "Device-Seconds";
    public static final String RESOURCE_TYPE = "Accelerator Lease";
    public static final String SKU_METER = "Device Time";
    /** Prefix of ComputeNet's provider-defined tag keys in the Tags column. */
    public static final String TAG_PREFIX = "computenet/";
    /** Decimals of PricingQuantity (device-hours): a second of a device is 0.000278, rounded half-up. */
    public static final int QUANTITY_SCALE = 6;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    public static final String TOKEN_SERVICE_NAME = "ComputeNet Inference Endpoints";
    public static final String TOKEN_SERVICE_CATEGORY = "AI and Machine Learning";
    public static final String TOKEN_SERVICE_SUBCATEGORY = "Generative AI";
    public static final String TOKEN_CONSUMED_UNIT = "Tokens";
    public static final String TOKEN_PRICING_UNIT = "1M Tokens";
    public static final String TOKEN_RESOURCE_TYPE = "Inference Endpoint";
    /**
     * What a million tokens cost: nothing. An endpoint's replicas are leases, charged per device-second like any
     * other (they are the {@link #usage} rows); tokens are recorded and shown beside them so finance can see what the
     * device time served, but a per-token price on top would charge the same work twice. Tokens are priced only if
     * the price book gains a per-1M-token entry that replaces the replicas' device time for endpoints.
     */
    public static final BigDecimal TOKEN_PRICE_PER_MILLION = BigDecimal.ZERO;
    private static final BigDecimal TOKENS_PER_MILLION = BigDecimal.valueOf(1_000_000);

    /** Which tokens a {@link #tokens} row counts: those of the prompts or those generated. */
    public enum TokenKind {
        PROMPT("prompt", "Prompt Tokens"), COMPLETION("completion", "Completion Tokens");

        private final String id;
        private final String meter;

        TokenKind(String id, String meter) {
            this.id = id;
            this.meter = meter;
        }

        long of(EndpointUsageTotal t) {
            return this == PROMPT ? t.promptTokens() : t.completionTokens();
        }
    }

    /**
     * Texts that repeat across the rows of an export (the SkuPriceDetails and Tags objects of one offer of one
     * operator, the billing period's bounds), kept while an export runs; cleared when {@link #MEMO_LIMIT} are held, so
     * memory stays bounded whatever the export holds.
     */
    private static final int MEMO_LIMIT = 4_096;
    private final Map<List<Object>, String> jsonMemo = new HashMap<>();
    private final Map<YearMonth, Instant[]> boundsMemo = new HashMap<>();
    private final RegionNames regions;
    private String lastPeriodText;
    private YearMonth lastPeriod;
    private String lastInvoiceTenant;
    private YearMonth lastInvoicePeriod;
    private String lastInvoiceId;

    public FocusRows(RegionNames regions) {
        this.regions = regions;
    }

    /**
     * The provisional invoice id of a tenant's charges in a month that has not been invoiced yet: the tenant's
     * statement of the month so far ({@code /internal/v1/spend}), which FOCUS 1.2 allows as a "pre-generated
     * provisional invoice". Issued invoices are numbered {@code CN-YYYY-NNNNNN} only at issue (gap-free), so the
     * provisional id never equals the final number; an issued month's rows carry the number.
     */
    public static String invoiceId(String tenantId, YearMonth period) {
        return "CN-" + period.toString().replace("-", "") + "-" + tenantId;
    }

    /** A lease's usage in one billing period at one price (today's charges of a month not invoiced yet). */
    public FocusRow usage(ExportLine l) {
        YearMonth period = period(l.period());
        if (!l.tenantId().equals(lastInvoiceTenant) || !period.equals(lastInvoicePeriod)) {
            // the lines come by tenant: one id per tenant and period, not one per line
            lastInvoiceId = invoiceId(l.tenantId(), period);
            lastInvoiceTenant = l.tenantId();
            lastInvoicePeriod = period;
        }
        return priced(l, period, l.seconds(), l.amount(), false, description(l), lastInvoiceId);
    }

    /** {@code YearMonth.parse}, remembered: the lines of an export are of one or a few periods. */
    private YearMonth period(String period) {
        if (!period.equals(lastPeriodText)) {
            lastPeriod = YearMonth.parse(period);
            lastPeriodText = period;
        }
        return lastPeriod;
    }

    /**
     * A row of an issued month's export, rebuilt from what the invoice froze at issue: a usage line's rated stretch,
     * a correction line (a late change to an earlier invoiced month, billed on this invoice), a voucher credit line or
     * the tax line, each under the invoice's number.
     */
    public FocusRow invoiced(InvoicedLine l) {
        return switch (l.kind()) {
            case USAGE -> priced(l.usage(), l.billedIn(), l.usage().seconds(), l.amount(), false,
                    description(l.usage()), l.invoiceId());
            case CORRECTION -> correction(l.usage(), l.billedIn(), l.usage().seconds(), l.amount(),
                    "late lease event", l.invoiceId());
            case CREDIT -> voucherCredit(l.tenantId(), l.billedIn(), l.invoiceId(), l.reference(), l.description(),
                    l.amount().negate(), l.currency());
            case TAX -> tax(l.tenantId(), l.billedIn(), l.invoiceId(), l.taxRule().label(), l.taxRule().rate(),
                    new Costs(l.taxBase(), l.taxBase(), l.taxBase(), l.taxBase()), l.currency(),
                    Rating.scale(Currency.getInstance(l.currency())));
        };
    }

    /**
     * A late change to usage already invoiced: {@code corrected} is the usage as it stood (its period and interval;
     * its unit price when the corrected usage is at one price, carried as ListUnitPrice, ContractedUnitPrice and in
     * SkuPriceId; null when it nets stretches at several prices), {@code seconds} and
     * {@code amount} the change (negative when less is owed), billed in {@code billedIn} on {@code invoiceId}.
     */
    public FocusRow correction(ExportLine corrected, YearMonth billedIn, long seconds, BigDecimal amount,
                               String reason, String invoiceId) {
        return priced(corrected, billedIn, seconds, amount, true, "Correction of " + corrected.period() + " usage of "
                + resourceName(corrected) + ": " + reason, invoiceId);
    }

    /**
     * A voucher (compute credit, 算力券) applied to a tenant's invoice of a month: {@code amount} is the value
     * credited, positive; the row carries it as a negative cost in all four cost columns.
     */
    public FocusRow voucherCredit(String tenantId, YearMonth period, String invoiceId, String voucherId,
                                  String description, BigDecimal amount, String currency) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("a voucher draws a positive amount, was " + amount);
        }
        BigDecimal credit = amount.negate();
        return new FocusRow(credit, tenantId, null, currency, end(period), start(period), ChargeCategory.CREDIT,
                false, description, ChargeFrequency.ONE_TIME, end(period), start(period), null, null, credit, null,
                credit, invoiceId, COMPUTENET, credit, null, null, null, null, COMPUTENET, COMPUTENET, null, null,
                null, null, null, SERVICE_CATEGORY, SERVICE_SUBCATEGORY, SERVICE_NAME, null, null, null, null,
                tags(Map.of(TAG_PREFIX + "voucher-id", voucherId)), null, null, null, null);
    }

    /**
     * Tax on a tenant's invoice of a month at {@code rate} (0.06 for 6 % VAT): each cost is the rate times the same
     * cost of the related charges ({@code base}: usage, corrections and credits), rounded half-up to {@code scale}
     * decimals, as the invoice computes its tax line.
     */
    public FocusRow tax(String tenantId, YearMonth period, String invoiceId, String taxName, BigDecimal rate,
                        Costs base, String currency, int scale) {
        BigDecimal billed = base.billed().multiply(rate).setScale(scale, RoundingMode.HALF_UP);
        return new FocusRow(billed, tenantId, null, currency, end(period), start(period), ChargeCategory.TAX, false,
                taxName + " at " + rate.multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString() + " %",
                ChargeFrequency.RECURRING, end(period), start(period), null, null,
                base.contracted().multiply(rate).setScale(scale, RoundingMode.HALF_UP), null,
                base.effective().multiply(rate).setScale(scale, RoundingMode.HALF_UP), invoiceId,
                COMPUTENET, base.list().multiply(rate).setScale(scale, RoundingMode.HALF_UP), null, null, null, null,
                COMPUTENET, COMPUTENET, null, null, null, null, null, SERVICE_CATEGORY, SERVICE_SUBCATEGORY,
                SERVICE_NAME, null, null, null, null, null, null, null, null, null);
    }

    /**
     * One API key's prompt or completion tokens on one inference endpoint in a month (ChargeCategory Usage,
     * ConsumedQuantity in tokens, PricingQuantity in millions of tokens at {@link #TOKEN_PRICE_PER_MILLION}, so every
     * cost is zero in {@code currency}'s scale), under {@code invoiceId}: the month's invoice number when issued,
     * else the provisional {@link #invoiceId(String, YearMonth)}. The endpoint is the resource, the key a tag; the
     * requests counted are in the description. No operator: an endpoint's tokens may come from several operators'
     * replicas (their device time is in the {@link #usage} rows, per operator).
     */
    public FocusRow tokens(EndpointUsageTotal t, TokenKind kind, String invoiceId, String currency) {
        long tokens = kind.of(t);
        BigDecimal quantity = BigDecimal.valueOf(tokens).divide(TOKENS_PER_MILLION, QUANTITY_SCALE,
                RoundingMode.UNNECESSARY);
        BigDecimal cost = TOKEN_PRICE_PER_MILLION.multiply(quantity)
                .setScale(Rating.scale(Currency.getInstance(currency)), RoundingMode.HALF_UP);
        String skuId = "inference/" + kind.id + "-tokens";
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put(TAG_PREFIX + "api-key-id", t.keyId());
        tags.put(TAG_PREFIX + "endpoint-name", t.endpointName());
        Instant end = t.lastWindowEnd().truncatedTo(ChronoUnit.SECONDS).equals(t.lastWindowEnd())
                ? t.lastWindowEnd() : t.lastWindowEnd().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return new FocusRow(cost, t.tenantId(), null, currency, end(t.period()), start(t.period()),
                ChargeCategory.USAGE, false, tokens + " " + kind.id + " tokens of endpoint " + t.endpointName()
                + ", API key " + t.keyId() + ", " + t.requests() + " requests; tokens are not priced (the replicas'"
                + " device time is billed)", ChargeFrequency.USAGE_BASED, end,
                t.firstWindowStart().truncatedTo(ChronoUnit.SECONDS), BigDecimal.valueOf(tokens),
                TOKEN_CONSUMED_UNIT, cost, TOKEN_PRICE_PER_MILLION, cost, invoiceId, COMPUTENET, cost,
                TOKEN_PRICE_PER_MILLION, PricingCategory.STANDARD, quantity, TOKEN_PRICING_UNIT, COMPUTENET,
                COMPUTENET, null, null, t.endpointId(), t.endpointName(), TOKEN_RESOURCE_TYPE, TOKEN_SERVICE_CATEGORY,
                TOKEN_SERVICE_SUBCATEGORY, TOKEN_SERVICE_NAME, skuId, kind.meter, null,
                skuId + "/" + FocusWriter.plain(TOKEN_PRICE_PER_MILLION) + " " + currency, tags(tags), null, null,
                null, null);
    }

    /** Sums of the four costs of the charges a computed charge (such as tax) is based on. */
    public record Costs(BigDecimal list, BigDecimal contracted, BigDecimal effective, BigDecimal billed) {
    }

    private FocusRow priced(ExportLine l, YearMonth billedIn, long seconds, BigDecimal amount, boolean correction,
                            String description, String invoiceId) {
        BigDecimal deviceSeconds = BigDecimal.valueOf(seconds).multiply(BigDecimal.valueOf(l.deviceCount()))
                .multiply(l.deviceShare());
        BigDecimal deviceHours = deviceSeconds.divide(SECONDS_PER_HOUR, QUANTITY_SCALE, RoundingMode.HALF_UP);
        String skuId = l.vendor() + "/" + l.deviceModel() + (blank(l.slice()) ? "" : "/" + l.slice());
        String pricing = l.interruptible() ? "interruptible" : "on-demand";
        // a correction may net stretches at several prices: then it names no price (FOCUS allows it on corrections)
        boolean priced = l.unitPricePerDeviceHour() != null;
        String details = priced ? memo(Arrays.asList("details", l.vendor(), l.deviceModel(), l.slice(), pricing,
                l.operatorId(), l.region()), () -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("x_Vendor", l.vendor());
                    d.put("x_DeviceModel", l.deviceModel());
                    if (!blank(l.slice())) {
                        d.put("x_Slice", l.slice());
                    }
                    d.put("x_PricingModel", pricing);
                    d.put("x_Operator", l.operatorId());
                    d.put("x_Region", l.region());
                    return json(d);
                }) : null;
        String tags = memo(Arrays.asList("tags", l.vendor(), l.slice()), () -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put(TAG_PREFIX + "vendor", l.vendor());
            if (!blank(l.slice())) {
                t.put(TAG_PREFIX + "slice", l.slice());
            }
            return tags(t);
        });
        Instant[] bounds = bounds(billedIn);
        return new FocusRow(amount, l.tenantId(), null, l.currency(), bounds[1], bounds[0],
                ChargeCategory.USAGE, correction, description, ChargeFrequency.USAGE_BASED,
                l.usageEnd().truncatedTo(ChronoUnit.SECONDS).equals(l.usageEnd()) ? l.usageEnd()
                        : l.usageEnd().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1),
                l.usageStart().truncatedTo(ChronoUnit.SECONDS), deviceSeconds, CONSUMED_UNIT, amount,
                l.unitPricePerDeviceHour(), amount, invoiceId, COMPUTENET, amount,
                l.unitPricePerDeviceHour(), l.interruptible() ? PricingCategory.DYNAMIC : PricingCategory.STANDARD,
                deviceHours, PRICING_UNIT, COMPUTENET, l.operatorId(), l.region(), regions.name(l.region()),
                l.leaseId(), resourceName(l), RESOURCE_TYPE, SERVICE_CATEGORY, SERVICE_SUBCATEGORY, SERVICE_NAME,
                skuId, SKU_METER, details, priced ? skuId + "/" + l.region() + "/"
                + l.operatorId() + "/" + pricing + "/" + FocusWriter.plain(l.unitPricePerDeviceHour()) + " "
                + l.currency() : null, tags, l.operatorId(),
                l.deviceCount(), l.deviceShare(), seconds);
    }

    /** A text computed once per key while the export runs (see {@link #MEMO_LIMIT}). */
    private String memo(List<Object> key, Supplier<String> text) {
        String known = jsonMemo.get(key);
        if (known == null) {
            if (jsonMemo.size() >= MEMO_LIMIT) {
                jsonMemo.clear();
            }
            known = text.get();
            jsonMemo.put(key, known);
        }
        return known;
    }

    /** The period's start and end, computed once per period. */
    private Instant[] bounds(YearMonth period) {
        Instant[] known = boundsMemo.get(period);
        if (known == null) {
            if (boundsMemo.size() >= MEMO_LIMIT) {
                boundsMemo.clear();
            }
            known = new Instant[] {start(period), end(period)};
            boundsMemo.put(period, known);
        }
        return known;
    }

    private static String resourceName(ExportLine l) {
        return l.deviceCount() + " x " + l.deviceModel() + (blank(l.slice()) ? "" : " " + l.slice());
    }

    private static String description(ExportLine l) {
        return resourceName(l) + ", " + l.seconds() + " s" + (l.unitPricePerDeviceHour() == null ? ""
                : " at " + FocusWriter.plain(l.unitPricePerDeviceHour()) + " " + l.currency() + " per device-hour")
                + (l.deviceShare().compareTo(BigDecimal.ONE) == 0 ? ""
                : ", share " + FocusWriter.plain(l.deviceShare()) + " of each device")
                + (l.interruptible() ? ", interruptible" : "");
    }

    static Instant start(YearMonth period) {
        return period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant end(YearMonth period) {
        return start(period.plusMonths(1));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String tags(Map<String, Object> tags) {
        return json(tags);
    }

    /** A flat JSON object of string and number values (FOCUS Key-Value Format). */
    static String json(Map<String, Object> entries) {
        StringBuilder sb = new StringBuilder("{");
        entries.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            string(sb, k);
            sb.append(':');
            if (v instanceof BigDecimal d) {
                sb.append(FocusWriter.plain(d));
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                string(sb, String.valueOf(v));
            }
        });
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
