package io.computenet.benchmarks;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * A {@link SimpleMeterRegistry} that also copies every recording of one timer into an HdrHistogram
 * {@link Recorder}, so the harness gets exact percentiles per report interval and over the whole run, instead of
 * Micrometer's decaying window. The agent's code records into the timer as it does under Quarkus.
 */
final class LagRecordingRegistry extends SimpleMeterRegistry {

    private final String timerName;
    /** Microseconds, three significant digits. */
    private final Recorder recorder = new Recorder(3);

    LagRecordingRegistry(String timerName) {
        this.timerName = timerName;
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig distributionStatisticConfig,
                             PauseDetector pauseDetector) {
        if (!id.getName().equals(timerName)) {
            return super.newTimer(id, distributionStatisticConfig, pauseDetector);
        }
        return new CumulativeTimer(id, clock, distributionStatisticConfig, pauseDetector, getBaseTimeUnit(), false) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                super.recordNonNegative(amount, unit);
                recorder.recordValue(Math.max(0, unit.toMicros(amount)));
            }
        };
    }

    /** The recordings since the previous call, in microseconds. */
    Histogram intervalHistogram() {
        return recorder.getIntervalHistogram();
    }
}
