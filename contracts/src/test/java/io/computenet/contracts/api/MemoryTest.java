package io.computenet.contracts.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryTest {

    @Test
    void showsWholeGibibytesAsPlainNumbers() {
        // when
        BigDecimal gib = Memory.gib(40 * 1024);

        // then
        assertThat(gib.toString()).isEqualTo("40");
    }

    @Test
    void roundsADevicesMemoryDownSoThatAskingForItFits() {
        // given: an L20 reports 46068 MiB (44.988 GiB)
        long reported = 46_068;

        // when
        BigDecimal shown = Memory.deviceGiB(reported);

        // then
        assertThat(shown).isEqualByComparingTo("44.9");
        assertThat(Memory.mib(shown)).isLessThanOrEqualTo(reported);
    }

    @Test
    void roundsARequestUpToWholeMebibytes() {
        // when
        long mib = Memory.mib(new BigDecimal("0.3"));

        // then: 307.2 MiB
        assertThat(mib).isEqualTo(308);
    }
}
