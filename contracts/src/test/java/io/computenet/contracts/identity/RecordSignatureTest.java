package io.computenet.contracts.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordSignatureTest {

    private static final String CREDENTIAL = "c2VjcmV0LWNyZWRlbnRpYWwtb2Ytbm9kZS0x";
    private static final String PAYLOAD = "{\"eventId\":\"e1\",\"nodeId\":\"node-1\"}";

    @Test
    void verifiesWhatTheSameCredentialSigned() {
        assertThat(RecordSignature.verify(CREDENTIAL, PAYLOAD, RecordSignature.sign(CREDENTIAL, PAYLOAD))).isTrue();
    }

    @Test
    void rejectsAnotherNodesCredential() {
        String other = RecordSignature.sign("another-nodes-credential-xyz", PAYLOAD);
        assertThat(RecordSignature.verify(CREDENTIAL, PAYLOAD, other)).isFalse();
    }

    @Test
    void rejectsAPayloadAlteredAfterSigning() {
        String signature = RecordSignature.sign(CREDENTIAL, PAYLOAD);
        assertThat(RecordSignature.verify(CREDENTIAL, PAYLOAD.replace("node-1", "node-2"), signature)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not base64 !!", "AAAA"})
    void rejectsMissingOrMalformedSignatures(String signature) {
        assertThat(RecordSignature.verify(CREDENTIAL, PAYLOAD, signature)).isFalse();
    }

    @Test
    void refusesShortCredentials() {
        assertThatThrownBy(() -> RecordSignature.sign("short", PAYLOAD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 characters");
    }

    @Test
    void isDeterministicAndUrlSafe() {
        assertThat(RecordSignature.sign(CREDENTIAL, PAYLOAD)).isEqualTo(RecordSignature.sign(CREDENTIAL, PAYLOAD))
                .matches("[A-Za-z0-9_-]{43}");
    }
}
