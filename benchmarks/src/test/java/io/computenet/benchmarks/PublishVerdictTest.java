package io.computenet.benchmarks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishVerdictTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(10);

    /** 1,000 nodes, 4,333 events a round, 12 rounds due: 1,000 + 12 x 4,333 = 52,996 events due. */
    private static PublishVerdict.Measured measured(long produced, long maxDepth, long finalDepth, long maxLagMillis,
                                                    long failures, long dropped) {
        return new PublishVerdict.Measured(4_333, 12, 1_000, produced, maxDepth, finalDepth,
                Duration.ofMillis(maxLagMillis), failures, dropped);
    }

    @Test
    void keptUpWhenOnScheduleBoundedFastAndLossless() {
        // given / when
        PublishVerdict verdict = PublishVerdict.judge(measured(53_000, 4_400, 0, 900, 0, 0), HEARTBEAT);

        // then
        assertTrue(verdict.keptUp(), verdict.reasons().toString());
        assertEquals(4, verdict.reasons().size());
    }

    @Test
    void toleratesOneRoundInProgressAtTheEnd() {
        // given / when / then
        assertTrue(PublishVerdict.judge(measured(52_996 - 4_333, 100, 0, 900, 0, 0), HEARTBEAT).keptUp());
        assertFalse(PublishVerdict.judge(measured(52_996 - 4_334, 100, 0, 900, 0, 0), HEARTBEAT).keptUp());
    }

    @Test
    void fellBehindWhenTheSpoolPilesUp() {
        // given / when
        PublishVerdict verdict = PublishVerdict.judge(measured(53_000, 9_000, 0, 900, 0, 0), HEARTBEAT);

        // then
        assertFalse(verdict.keptUp());
        assertTrue(verdict.reasons().get(1).startsWith("[FAIL] spool bounded"), verdict.reasons().get(1));
    }

    @Test
    void fellBehindWhenAnEventTookAWholeInterval() {
        // given / when
        PublishVerdict verdict = PublishVerdict.judge(measured(53_000, 4_400, 0, 10_000, 0, 0), HEARTBEAT);

        // then
        assertFalse(verdict.keptUp());
        assertTrue(verdict.reasons().get(2).startsWith("[FAIL] lag"), verdict.reasons().get(2));
    }

    @Test
    void fellBehindWhenSomethingWasLost() {
        // given / when / then
        assertFalse(PublishVerdict.judge(measured(53_000, 4_400, 0, 900, 1, 0), HEARTBEAT).keptUp());
        assertFalse(PublishVerdict.judge(measured(53_000, 4_400, 0, 900, 0, 5), HEARTBEAT).keptUp());
    }
}
