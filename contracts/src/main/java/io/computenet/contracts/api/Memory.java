package io.computenet.contracts.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The public API's one memory unit: every memory field of a request or view is in GiB and named {@code ...GiB}
 * (MiB stays only where a device reports it, named {@code ...MiB}, e.g. usage samples). Values are plain numbers
 * ({@code 40}, never {@code 4E+1}).
 */
public final class Memory {

    private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);

    private Memory() {
    }

    /** An amount held or asked for, in GiB to two decimals (half up). */
    public static BigDecimal gib(long mib) {
        return plain(BigDecimal.valueOf(mib).divide(MIB_PER_GIB, 2, RoundingMode.HALF_UP));
    }

    /**
     * A device's memory in GiB to one decimal, rounded down: asking for the figure shown always fits the device
     * (a request's GiB is rounded up to whole MiB).
     */
    public static BigDecimal deviceGiB(long mib) {
        return plain(BigDecimal.valueOf(mib).divide(MIB_PER_GIB, 1, RoundingMode.DOWN));
    }

    /** A request's GiB in whole MiB, rounded up. */
    public static long mib(BigDecimal gib) {
        return gib.multiply(MIB_PER_GIB).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal plain(BigDecimal value) {
        return new BigDecimal(value.stripTrailingZeros().toPlainString());
    }
}
