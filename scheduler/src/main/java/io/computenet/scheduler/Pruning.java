package io.computenet.scheduler;

import org.jboss.logging.Logger;

import java.util.function.IntSupplier;

/** Deletes rows past their retention a bounded batch per transaction, for the once-a-minute pruning jobs. */
public final class Pruning {

    private static final Logger LOG = Logger.getLogger(Pruning.class);

    private Pruning() {
    }

    /**
     * A retention from the configuration, checked: a zero or negative one would delete rows the moment they are
     * written (and with the applied event ids, the protection against redelivery). Thrown at startup, naming the key.
     */
    public static java.time.Duration retention(String key, java.time.Duration retention) {
        if (retention == null || retention.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException(key + ": a retention must be positive, was " + retention);
        }
        return retention;
    }

    /**
     * Runs {@code deleteBatch} (one transaction deleting at most {@code batchSize} rows, returning how many) until a
     * batch comes back short. A failure is logged and left to the next run: the rows stay until then, nothing else.
     *
     * @param what the rows, for the log ("relayed outbox rows older than 24h")
     * @return the rows deleted
     */
    public static int inBatches(IntSupplier deleteBatch, int batchSize, String what) {
        int total = 0;
        try {
            int deleted;
            do {
                deleted = deleteBatch.getAsInt();
                total += deleted;
            } while (deleted == batchSize);
            LOG.debugf("%d %s deleted", total, what);
        } catch (RuntimeException e) {
            LOG.warnf("deleting %s will be tried again in a minute (%d deleted before): %s", what, total,
                    e.getMessage());
        }
        return total;
    }
}
