package io.computenet.problem.input;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsTest {

    @Test
    void passesAnOrdinaryRequestLine() {
        assertThat(RequestLimits.check("/api/v1/leases/ls-1?tenantId=t-1", "/api/v1/leases/ls-1",
                Map.of("tenantId", List.of("t-1")))).isEmpty();
    }

    @Test
    void refusesAControlCharacterInThePathRawOrEncoded() {
        for (String path : List.of("/api/v1/leases/ls%00", "/api/v1/leases/ls%0d%0a", "/api/v1/leases/ls%7F",
                "/api/v1/leases/l\u0001s")) {
            assertThat(RequestLimits.check(path, path, Map.of())).get().satisfies(r -> {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.field()).isEqualTo("path");
            });
        }
    }

    @Test
    void namesTheQueryParameterThatHoldsACarriageReturn() {
        assertThat(RequestLimits.check("/x?period=2026-11%0D%0AX", "/x",
                Map.of("format", List.of("csv"), "period", List.of("2026-11\r\nX")))).get()
                .satisfies(r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.field()).isEqualTo("period");
                });
    }

    @Test
    void refusesAUriLongerThanTheLimitWith414() {
        String uri = "/x?q=" + "a".repeat(RequestLimits.MAX_URI_LENGTH);
        assertThat(RequestLimits.check(uri, "/x", Map.of())).get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(414));
        assertThat(RequestLimits.check("/x?q=" + "a".repeat(RequestLimits.MAX_URI_LENGTH - 5), "/x",
                Map.of("q", List.of("a")))).isEmpty();
    }
}
