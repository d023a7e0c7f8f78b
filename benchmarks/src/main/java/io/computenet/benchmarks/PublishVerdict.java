package io.computenet.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether one agent kept up with its fleet, judged from what the harness measured. The agent kept up when all of:
 * <ol>
 *   <li><b>on schedule</b>: it produced every heartbeat round that was due (one round of slack for a round in
 *       progress at the end), so the heartbeat thread did not fall behind;</li>
 *   <li><b>spool bounded</b>: the spool never held more than two rounds of events and ended the run with at most
 *       one, so the sender drained each round instead of piling up;</li>
 *   <li><b>lag under one interval</b>: the slowest event went from creation to Kafka's acknowledgement in less
 *       than one heartbeat interval;</li>
 *   <li><b>nothing lost</b>: no send failed and the spool dropped nothing.</li>
 * </ol>
 *
 * @param keptUp  true when every criterion holds
 * @param reasons one line per criterion, each saying whether it held and with what numbers
 */
record PublishVerdict(boolean keptUp, List<String> reasons) {

    /**
     * What the harness measured.
     *
     * @param eventsPerRound  events one heartbeat round produces (a heartbeat per node plus the usage samples)
     * @param roundsDue       heartbeat rounds due by the end of the run
     * @param inventoryEvents the one-off inventory events at start
     * @param produced        events the agent spooled
     * @param maxSpoolDepth   largest spool depth sampled
     * @param finalSpoolDepth spool depth at the end of the run
     * @param maxLag          slowest creation-to-acknowledgement time
     * @param sendFailures    sends Kafka did not acknowledge
     * @param dropped         events the spool dropped to stay within its bound
     */
    record Measured(long eventsPerRound, long roundsDue, long inventoryEvents, long produced, long maxSpoolDepth,
                    long finalSpoolDepth, Duration maxLag, long sendFailures, long dropped) {
    }

    static PublishVerdict judge(Measured m, Duration heartbeat) {
        List<String> reasons = new ArrayList<>();
        long due = m.inventoryEvents() + m.roundsDue() * m.eventsPerRound();
        boolean onSchedule = m.produced() >= due - m.eventsPerRound();
        reasons.add(String.format("%s on schedule: produced %,d events, %,d due (%d rounds of %,d plus %,d inventory)",
                mark(onSchedule), m.produced(), due, m.roundsDue(), m.eventsPerRound(), m.inventoryEvents()));

        long oneRound = Math.max(m.eventsPerRound(), m.inventoryEvents());
        boolean bounded = m.maxSpoolDepth() <= 2 * oneRound && m.finalSpoolDepth() <= oneRound;
        reasons.add(String.format("%s spool bounded: max depth %,d, final %,d (limits %,d and %,d: two rounds, one)",
                mark(bounded), m.maxSpoolDepth(), m.finalSpoolDepth(), 2 * oneRound, oneRound));

        boolean lagOk = m.maxLag().compareTo(heartbeat) < 0;
        reasons.add(String.format("%s lag under one interval: max %d ms, interval %d ms", mark(lagOk),
                m.maxLag().toMillis(), heartbeat.toMillis()));

        boolean nothingLost = m.sendFailures() == 0 && m.dropped() == 0;
        reasons.add(String.format("%s nothing lost: %d send failures, %d events dropped", mark(nothingLost),
                m.sendFailures(), m.dropped()));
        return new PublishVerdict(onSchedule && bounded && lagOk && nothingLost, List.copyOf(reasons));
    }

    private static String mark(boolean ok) {
        return ok ? "[ok]  " : "[FAIL]";
    }
}
