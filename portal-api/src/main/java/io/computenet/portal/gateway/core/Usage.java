package io.computenet.portal.gateway.core;

/** Tokens one answer used, as the serving engine reported them in its {@code usage} object. */
public record Usage(long promptTokens, long completionTokens) {

    /** An answer that reported no usage (an error, a model list, a stream cut short). */
    public static final Usage NONE = new Usage(0, 0);
}
