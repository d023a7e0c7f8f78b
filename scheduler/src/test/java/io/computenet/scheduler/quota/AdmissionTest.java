package io.computenet.scheduler.quota;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Optional<Admission.Budget> HUNDRED = Optional.of(new Admission.Budget(new BigDecimal("100")));

    private static Admission.Held ended(int devices, String from, String to) {
        return new Admission.Held(devices, Instant.parse(from), Instant.parse(to), false, "cn-east-yrd",
                Vendor.NVIDIA);
    }

    private static Admission.Held live(int devices, Duration booked, String region, Vendor vendor) {
        return new Admission.Held(devices, NOW.minusSeconds(600), NOW.minusSeconds(600).plus(booked), true, region,
                vendor);
    }

    @Test
    void countsOnlyTheDeviceHoursInsideTheMonth() {
        // 2 devices from Oct 31 22:00 to Nov 1 02:00: 2 h in November x 2 devices
        Admission.Held spanning = ended(2, "2026-10-31T22:00:00Z", "2026-11-01T02:00:00Z");

        BigDecimal[] usage = Admission.usage(List.of(spanning), YearMonth.of(2026, 11));

        assertThat(usage[0]).isEqualByComparingTo("4.00");
        assertThat(usage[1]).isEqualByComparingTo("0");
    }

    @Test
    void admitsWhileUsedCommittedAndAskedFitTheBudget() {
        List<Admission.Held> held = List.of(ended(1, "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"),
                live(2, Duration.ofHours(10), "cn-east-yrd", Vendor.NVIDIA));

        Admission.Decision fits = Admission.admit(new Admission.Ask(4, Duration.ofHours(14), null, null), NOW,
                HUNDRED, List.of(), held);
        Admission.Decision over = Admission.admit(new Admission.Ask(4, Duration.ofMinutes(14 * 60 + 1), null, null),
                NOW, HUNDRED, List.of(), held);

        assertThat(fits.admitted()).isTrue();
        assertThat(fits.usedGpuHours()).isEqualByComparingTo("24");
        assertThat(fits.committedGpuHours()).isEqualByComparingTo("20");
        assertThat(over.admitted()).isFalse();
        assertThat(over.reasons()).singleElement().asString()
                .contains("tenant budget would be exceeded: 24.00 GPU-hours used and 20.00 committed of 100 in 2026-11")
                .contains("this lease needs 56.07");
    }

    @Test
    void aSliceAsksOnlyItsShareOfTheDeviceHours() {
        // 10 device-hours of budget: a quarter of one device for 30 hours needs 7.5; the whole device would need 30
        Optional<Admission.Budget> ten = Optional.of(new Admission.Budget(BigDecimal.TEN));

        Admission.Decision slice = Admission.admit(new Admission.Ask(1, Duration.ofHours(30), null, null,
                new BigDecimal("0.25")), NOW, ten, List.of(), List.of());
        Admission.Decision whole = Admission.admit(new Admission.Ask(1, Duration.ofHours(30), null, null), NOW, ten,
                List.of(), List.of());

        assertThat(slice.admitted()).isTrue();
        assertThat(whole.admitted()).isFalse();
        assertThat(whole.reasons()).singleElement().asString().contains("this lease needs 30.00");
    }

    @Test
    void aLeaseBookedIntoNextMonthCountsOnlyThisMonthsPart() {
        Instant lateInMonth = Instant.parse("2026-11-30T22:00:00Z");

        Admission.Decision d = Admission.admit(new Admission.Ask(10, Duration.ofHours(12), null, null), lateInMonth,
                Optional.of(new Admission.Budget(new BigDecimal("20"))), List.of(), List.of());

        assertThat(d.admitted()).isTrue(); // 2 h x 10 devices in November
    }

    @Test
    void noBudgetMeansNoBudgetLimit() {
        assertThat(Admission.admit(new Admission.Ask(16, Duration.ofDays(30), null, null), NOW, Optional.empty(),
                List.of(), List.of()).admitted()).isTrue();
    }

    @Test
    void deviceQuotasCountLiveLeasesInTheirScopeAndApplyToRequestsThatCouldLandThere() {
        List<Admission.Quota> quotas = List.of(new Admission.Quota("cn-east-yrd", null, 4),
                new Admission.Quota(null, Vendor.HUAWEI_ASCEND, 2));
        List<Admission.Held> held = List.of(live(3, Duration.ofHours(1), "cn-east-yrd", Vendor.NVIDIA),
                live(2, Duration.ofHours(1), "cn-west-nm", Vendor.HUAWEI_ASCEND),
                new Admission.Held(8, NOW.minusSeconds(7200), NOW.minusSeconds(3600), false, "cn-east-yrd",
                        Vendor.NVIDIA));

        Admission.Decision westNvidia = Admission.admit(new Admission.Ask(4, Duration.ofHours(1), "cn-west-nm",
                Vendor.NVIDIA), NOW, Optional.empty(), quotas, held);
        Admission.Decision eastOne = Admission.admit(new Admission.Ask(1, Duration.ofHours(1), "cn-east-yrd",
                Vendor.CAMBRICON), NOW, Optional.empty(), quotas, held);
        Admission.Decision eastTwo = Admission.admit(new Admission.Ask(2, Duration.ofHours(1), "cn-east-yrd",
                Vendor.CAMBRICON), NOW, Optional.empty(), quotas, held);
        Admission.Decision anywhere = Admission.admit(new Admission.Ask(1, Duration.ofHours(1), null, null), NOW,
                Optional.empty(), quotas, held);

        assertThat(westNvidia.admitted()).isTrue();
        assertThat(eastOne.admitted()).isTrue();
        assertThat(eastTwo.reasons()).singleElement().asString()
                .isEqualTo("tenant quota for cn-east-yrd would be exceeded: 3 device(s) held of 4; this lease needs 2");
        assertThat(anywhere.reasons()).singleElement().asString().contains("all regions, HUAWEI_ASCEND");
    }
}
