package io.computenet.contracts.api;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseRequestTest {

    private static LeaseRequest asked(String tenantId) {
        return new LeaseRequest(tenantId, new BigDecimal("40"), 1, "cn-east-yrd", null, WorkloadClass.INFERENCE, 60,
                null, null, null, 0, null, null, null, null, Sharing.WHOLE, "vLLM", null, null, null, null, null, 16,
                new BigDecimal("64"));
    }

    @Test
    void takesTheTenantFromTheCallerWhateverTheBodySaid() {
        // given: a body naming another tenant
        LeaseRequest body = asked("t-someone-else");

        // when
        LeaseRequest forwarded = body.forTenant("t-caller");

        // then: only the tenant differs
        assertThat(forwarded.tenantId()).isEqualTo("t-caller");
        assertThat(forwarded).usingRecursiveComparison().ignoringFields("tenantId").isEqualTo(body);
    }

    @Test
    void aQuoteRequestTakesTheCallersTenantToo() {
        // given
        QuoteRequest body = new QuoteRequest("t-someone-else", new BigDecimal("40"), 1, null, null, null, 60, null,
                null, null, null, null, null, null, null, new BigDecimal("64"));

        // when
        QuoteRequest forwarded = body.forTenant("t-caller");

        // then
        assertThat(forwarded.tenantId()).isEqualTo("t-caller");
        assertThat(forwarded).usingRecursiveComparison().ignoringFields("tenantId").isEqualTo(body);
    }
}
