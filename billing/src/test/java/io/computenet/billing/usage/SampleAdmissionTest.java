package io.computenet.billing.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SampleAdmissionTest {

    private static final Instant END = Instant.parse("2026-11-20T10:05:00Z");

    @Test
    void keepsSamplesOfARunningLeaseAndThoseUpToItsEnd() {
        assertThat(SampleAdmission.refusal("ls-1", END.plusSeconds(600), null)).isEmpty();
        assertThat(SampleAdmission.refusal("ls-1", END.minusSeconds(10), END)).isEmpty();
        assertThat(SampleAdmission.refusal("ls-1", END, END)).isEmpty();
    }

    @Test
    void refusesASampleDatedAfterItsLeaseEnded() {
        assertThat(SampleAdmission.refusal("ls-1", END.plusMillis(1), END)).hasValueSatisfying(why ->
                assertThat(why).isEqualTo("lease ls-1 ended at 2026-11-20T10:05:00Z but the sample is dated"
                        + " 2026-11-20T10:05:00.001Z"));
    }
}
