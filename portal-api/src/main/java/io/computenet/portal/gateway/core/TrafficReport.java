package io.computenet.portal.gateway.core;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the gateway saw in one window ({@code POST /internal/v1/endpoint-traffic}): gauges (requests in flight and
 * waiting for a replica at the window's end) and counters (requests answered and their tokens, per endpoint and per
 * API key). {@code reportId} makes a repeated delivery harmless: the scheduler ignores an id it has seen.
 */
public record TrafficReport(UUID reportId, Instant windowStart, Instant windowEnd, List<EndpointTraffic> endpoints) {

    public TrafficReport {
        endpoints = List.copyOf(endpoints);
    }

    /** One endpoint's traffic in the window. */
    public record EndpointTraffic(String endpointId, long inFlight, long waiting, long requests, long promptTokens,
                                  long completionTokens, List<KeyTraffic> byKey) {

        public EndpointTraffic {
            byKey = List.copyOf(byKey);
        }
    }

    /** One API key's share of an endpoint's counters. */
    public record KeyTraffic(String keyId, long requests, long promptTokens, long completionTokens) {
    }
}
