package io.computenet.contracts.api.endpoint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyHashTest {

    @Test
    void hashesTheUtf8BytesAsLowerCaseHex() {
        // when // then: the FIPS 180-2 test vector
        assertThat(ApiKeyHash.hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesTheKeyWhoseHashIsStoredAndNoOther() {
        // given
        String stored = ApiKeyHash.hex("cnk_secret");

        // when // then
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest("cnk_secret"), stored)).isTrue();
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest("cnk_secreT"), stored)).isFalse();
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest("cnk_secret"), "not-hex")).isFalse();
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest("cnk_secret"), null)).isFalse();
    }
}
