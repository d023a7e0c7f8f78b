package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarkus 3.32 splits a message bundle's generated resolver every 300 messages, and the split resolver fails the JVM's
 * verifier when the portal starts ({@code VerifyError: Bad type on operand stack} in {@code *_Bundle.resolve_0}). So
 * no bundle may hold more than 300: add a bundle by purpose (as {@link ProblemMessages}) instead.
 */
class MessageBundleSizeTest {

    private static final int QUARKUS_RESOLVER_SPLIT = 300;

    @Test
    void noMessageBundleHoldsMoreMessagesThanOneGeneratedResolver() {
        for (Class<?> bundle : List.of(PortalMessages.class, ProblemMessages.class, FieldMessages.class,
                WorkloadMessages.class, ReasonMessages.class)) {
            // given
            assertThat(bundle.isAnnotationPresent(MessageBundle.class)).as(bundle.getSimpleName()).isTrue();

            // when
            long messages = Arrays.stream(bundle.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(Message.class)).count();

            // then
            assertThat(messages).as(bundle.getSimpleName() + "'s messages").isPositive()
                    .isLessThanOrEqualTo(QUARKUS_RESOLVER_SPLIT);
        }
    }
}
