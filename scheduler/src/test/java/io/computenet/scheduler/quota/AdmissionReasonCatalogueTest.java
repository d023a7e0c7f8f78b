package io.computenet.scheduler.quota;

import io.computenet.contracts.api.PendingReason;
import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission's sentences (budget and every kind of quota scope) are ones the reason catalogue ({@link PendingReason})
 * reads as codes, with the scope's names as arguments and no English left in them: a new or changed sentence here
 * needs its template there (and its message in the portal), or a refused researcher reads it in English only.
 */
class AdmissionReasonCatalogueTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void everySentenceOfTheBudgetAndQuotaChecksHasACode() {
        // given: a tenant over its budget and over a quota of each scope
        List<Admission.Held> held = List.of(new Admission.Held(4, NOW.minusSeconds(600), NOW.plusSeconds(3600), true,
                "cn-east-yrd", Vendor.NVIDIA, null));
        List<Admission.Quota> quotas = List.of(new Admission.Quota(null, null, 4),
                new Admission.Quota(null, Vendor.NVIDIA, 4), new Admission.Quota("cn-east-yrd", null, 4),
                new Admission.Quota("cn-east-yrd", Vendor.NVIDIA, 4));
        List<String> sentences = new ArrayList<>();

        // when
        sentences.addAll(Admission.admit(new Admission.Ask(2, Duration.ofHours(10), "cn-east-yrd", Vendor.NVIDIA,
                null), NOW, Optional.of(new Admission.Budget(new BigDecimal("5"))), quotas, held).reasons());

        // then
        assertThat(sentences).hasSize(5);
        assertThat(PendingReason.of(sentences)).extracting(PendingReason::code).containsExactly(
                "budget_exceeded", "quota_exceeded_all_regions", "quota_exceeded_all_regions_vendor",
                "quota_exceeded", "quota_exceeded_vendor");
        assertThat(PendingReason.of(sentences)).allSatisfy(r -> assertThat(r.args()).as(r.text())
                .noneSatisfy(a -> assertThat(a).containsIgnoringCase("region")));
    }
}
