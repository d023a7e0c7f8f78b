package io.computenet.portal.gateway.core;

import io.computenet.contracts.api.endpoint.ApiKeyHash;
import io.computenet.contracts.api.endpoint.EndpointRoutes.RouteKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    private static final String KEY = "cnk_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_";

    @Test
    void matchesTheActiveKeyWhoseHashEqualsThePresentedKeys() {
        // given
        List<RouteKey> keys = List.of(new RouteKey("k1", ApiKeyHash.hex("cnk_other")),
                new RouteKey("k2", ApiKeyHash.hex(KEY)));
        // when / then
        assertThat(ApiKeys.match(keys, KEY)).contains("k2");
    }

    @Test
    void refusesAKeyThatMatchesNoActiveHash() {
        // given
        List<RouteKey> keys = List.of(new RouteKey("k1", ApiKeyHash.hex(KEY)));
        // when / then: a near miss, the hash itself presented as key, no keys at all
        assertThat(ApiKeys.match(keys, KEY.substring(0, KEY.length() - 1) + "x")).isEmpty();
        assertThat(ApiKeys.match(keys, ApiKeyHash.hex(KEY))).isEmpty();
        assertThat(ApiKeys.match(List.of(), KEY)).isEmpty();
    }

    @Test
    void ignoresAMalformedStoredHash() {
        // given
        List<RouteKey> keys = List.of(new RouteKey("bad", "not-hex"), new RouteKey("k1", ApiKeyHash.hex(KEY)));
        // when / then
        assertThat(ApiKeys.match(keys, KEY)).contains("k1");
    }

    @Test
    void readsTheBearerKeyCaseInsensitively() {
        assertThat(ApiKeys.bearer("Bearer " + KEY)).contains(KEY);
        assertThat(ApiKeys.bearer("bearer  " + KEY + " ")).contains(KEY);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "Token cnk_x"})
    void findsNoKeyWithoutABearerHeader(String header) {
        assertThat(ApiKeys.bearer(header)).isEmpty();
    }
}
