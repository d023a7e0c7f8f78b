package io.computenet.benchmarks;

import io.computenet.contracts.inventory.SliceKind;
import io.computenet.pricing.PriceBook;
import io.computenet.pricing.PriceEntry;
import io.computenet.pricing.PriceQuery;
import io.computenet.pricing.PriceTerm;
import io.computenet.pricing.rating.BillableUsage;
import io.computenet.pricing.rating.Rated;
import io.computenet.pricing.rating.Rating;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The rating core ({@code Rating.rate}, as billing calls it for every {@code lease.ended} and every accrual of a running
 * lease) over a price book of 1,692 entries: 6 models x 3 regions x (the marketplace default and 20 operators) x
 * on-demand and interruptible, each with a second version that starts mid-November 2026, plus MIG, vNPU and soft-share
 * slice entries of some operators. Each call rates one of 4,096 fixed lease intervals (1 minute to 3 days, starting
 * across October and November 2026, so many cross the price change or the month boundary; 1, 2, 4 or 8 devices or one
 * slice; a fifth interruptible). One call is one lease event rated: the throughput is events per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RatingBenchmark {

    private static final String[] MODELS = {"H100 80GB HBM3", "A100-SXM4-80GB", "GeForce RTX 4090", "Ascend910B3",
            "Ascend310P3", "MLU370-X8"};
    private static final String[] REGIONS = {"cn-east-yrd", "cn-west-nm", "cn-west-gz"};
    private static final int OPERATORS = 20;
    private static final Instant FIRST = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant CHANGE = Instant.parse("2026-11-15T00:00:00Z");

    PriceBook book;
    BillableUsage[] usages;
    int next;

    @Setup
    public void setUp() {
        Random random = new Random(17);
        List<PriceEntry> entries = new ArrayList<>();
        for (String model : MODELS) {
            for (String region : REGIONS) {
                for (int op = -1; op < OPERATORS; op++) {
                    String operator = op < 0 ? null : "op-" + op;
                    BigDecimal base = BigDecimal.valueOf(100 + random.nextInt(2_000), 2);
                    for (PriceTerm term : PriceTerm.values()) {
                        BigDecimal price = term == PriceTerm.ON_DEMAND ? base : base.divide(BigDecimal.valueOf(2));
                        entries.add(new PriceEntry(operator, region, model, null, null, term, price, null, FIRST));
                        entries.add(new PriceEntry(operator, region, model, null, null, term,
                                price.add(BigDecimal.ONE), null, CHANGE));
                    }
                    if (op % 4 == 0) {
                        entries.add(new PriceEntry(operator, region, model, SliceKind.MIG, "1g.10gb",
                                PriceTerm.ON_DEMAND, base.add(BigDecimal.TEN), null, FIRST));
                        entries.add(new PriceEntry(operator, region, model, SliceKind.SOFT, null,
                                PriceTerm.ON_DEMAND, base.add(BigDecimal.ONE), null, FIRST));
                    }
                }
            }
        }
        book = PriceBook.of(entries);
        usages = new BillableUsage[4096];
        int[] devices = {1, 2, 4, 8};
        for (int i = 0; i < usages.length; i++) {
            String model = MODELS[random.nextInt(MODELS.length)];
            String region = REGIONS[random.nextInt(REGIONS.length)];
            String operator = "op-" + random.nextInt(OPERATORS + 5); // some operators have no own prices
            PriceTerm term = random.nextInt(5) == 0 ? PriceTerm.INTERRUPTIBLE : PriceTerm.ON_DEMAND;
            boolean slice = random.nextInt(3) == 0;
            SliceKind kind = slice ? (random.nextBoolean() ? SliceKind.MIG : SliceKind.SOFT) : null;
            PriceQuery query = new PriceQuery(operator, region, model, kind,
                    kind == SliceKind.MIG ? "1g.10gb" : null, term);
            Instant start = Instant.parse("2026-10-01T00:00:00Z").plusMillis(random.nextLong(61L * 86_400_000));
            Instant end = start.plusSeconds(60 + random.nextInt(3 * 86_400));
            usages[i] = new BillableUsage(query, slice ? 1 : devices[random.nextInt(devices.length)],
                    slice ? new BigDecimal("0.1429") : BigDecimal.ONE, start, end);
        }
    }

    @Benchmark
    public Rated rateOneLease() {
        BillableUsage usage = usages[next];
        next = (next + 1) & (usages.length - 1);
        return Rating.rate(usage, book);
    }
}
