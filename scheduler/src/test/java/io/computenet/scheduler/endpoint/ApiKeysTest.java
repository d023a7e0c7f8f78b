package io.computenet.scheduler.endpoint;

import io.computenet.contracts.api.endpoint.ApiKeyHash;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aKeyIsCnkAndFortyUrlSafeCharactersKeptAsItsSha256AndPrefix() {
        // when
        ApiKeys.NewKey key = ApiKeys.generate(random);

        // then
        assertThat(key.key()).matches("cnk_[A-Za-z0-9_-]{40}");
        assertThat(key.prefix()).hasSize(12).isEqualTo(key.key().substring(0, 12));
        assertThat(key.sha256()).matches("[0-9a-f]{64}").isEqualTo(ApiKeyHash.hex(key.key()));
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest(key.key()), key.sha256())).isTrue();
        assertThat(ApiKeyHash.matches(ApiKeyHash.digest(key.key() + "x"), key.sha256())).isFalse();
    }

    @Test
    void idsAreLowerCaseAlphanumericsAfterTheirPrefixAndDoNotRepeat() {
        // when
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(ApiKeys.endpointId(random));
        }

        // then
        assertThat(ids).hasSize(1000).allMatch(id -> id.matches("ep-[a-z0-9]{12}"));
        assertThat(ApiKeys.keyId(random)).matches("ak-[a-z0-9]{12}");
    }
}
