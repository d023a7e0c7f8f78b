package io.computenet.contracts.api.endpoint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * What the gateway saw in one window ({@code POST /internal/v1/endpoint-traffic}, portal to scheduler): gauges
 * (requests in flight and waiting for a replica at the window's end: the autoscaler's load) and counters (requests
 * answered and their tokens, per endpoint and per API key). {@code reportId} makes a repeated delivery harmless: the
 * scheduler ignores an id it has counted. Declared once, for both sides, with the rules the scheduler checks.
 */
public record TrafficReport(@NotNull UUID reportId, Instant windowStart, Instant windowEnd,
                            @NotNull @Size(max = 10_000) List<@Valid @NotNull EndpointTraffic> endpoints) {

    public TrafficReport {
        endpoints = copy(endpoints);
    }

    /** One endpoint's traffic in the window. */
    public record EndpointTraffic(@NotNull @Size(max = 16) String endpointId, @Min(0) int inFlight,
                                  @Min(0) int waiting, @Min(0) long requests, @Min(0) long promptTokens,
                                  @Min(0) long completionTokens,
                                  @Size(max = 10_000) List<@Valid @NotNull KeyTraffic> byKey) {

        public EndpointTraffic {
            byKey = copy(byKey);
        }

        /** Whether the window saw a request: served, in flight or waiting. */
        public boolean active() {
            return requests > 0 || inFlight > 0 || waiting > 0;
        }
    }

    /** One API key's share of an endpoint's counters. */
    public record KeyTraffic(@NotNull @Size(max = 16) String keyId, @Min(0) long requests, @Min(0) long promptTokens,
                             @Min(0) long completionTokens) {
    }

    /** An unmodifiable copy that keeps a null (and null elements) for validation to name. */
    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}
