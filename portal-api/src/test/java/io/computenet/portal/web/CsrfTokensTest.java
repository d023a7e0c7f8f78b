package io.computenet.portal.web;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrfTokensTest {

    private static final String SECRET = "a-test-secret-of-at-least-32-characters";

    @Test
    void acceptsTheSameSignedTokenInCookieAndHeader() {
        // given
        CsrfTokens tokens = new CsrfTokens(SECRET, new Random(1));

        // when
        String token = tokens.issue();

        // then
        assertThat(tokens.isValid(token)).isTrue();
        assertThat(tokens.matches(token, token)).isTrue();
    }

    @Test
    void refusesAMissingOrDifferentHeader() {
        // given
        CsrfTokens tokens = new CsrfTokens(SECRET, new Random(2));
        String token = tokens.issue();

        // then
        assertThat(tokens.matches(token, null)).isFalse();
        assertThat(tokens.matches(token, tokens.issue())).isFalse();
        assertThat(tokens.matches(null, token)).isFalse();
    }

    @Test
    void refusesATokenSignedWithAnotherSecretOrTamperedWith() {
        // given
        CsrfTokens ours = new CsrfTokens(SECRET, new Random(3));
        String theirs = new CsrfTokens("another-secret-of-at-least-32-characters", new Random(3)).issue();
        String token = ours.issue();
        String tampered = "x" + token.substring(1);

        // then: a planted cookie only helps an attacker who can sign it
        assertThat(ours.isValid(theirs)).isFalse();
        assertThat(ours.matches(theirs, theirs)).isFalse();
        assertThat(ours.isValid(tampered)).isFalse();
        assertThat(ours.isValid("no-dot")).isFalse();
        assertThat(ours.isValid("trailing.")).isFalse();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new CsrfTokens("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 characters");
    }
}
