package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Texts of pending reasons ({@code reason_<code>} of {@link io.computenet.contracts.api.PendingReason}) added after
 * {@link PortalMessages} came near the 300 messages one bundle may hold ({@code MessageBundleSizeTest}), English by
 * default; {@code messages/reason_zh.properties} holds the Chinese. {@code portal/i18n.html} hands them to the page
 * script as {@code {reason:key}}, beside the older reasons' {@code {msg:key}}: the script reads both alike.
 */
@MessageBundle(value = "reason", locale = "en")
public interface ReasonMessages {

    @Message("each node also needs >= \\{0} GiB of host memory left (under the FGD placement policies)")
    String reason_host_memory_needed();
}
