package io.computenet.scheduler.endpoint;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the gateway saw in a window: per endpoint the requests in flight and waiting at its end (the autoscaler's
 * load) and the requests and tokens served (counted per endpoint and per key). {@code reportId} makes it idempotent:
 * a report whose id was counted before is ignored.
 */
public record TrafficReport(@NotNull UUID reportId, Instant windowStart, Instant windowEnd,
                            @NotNull @Size(max = 10_000) List<@Valid @NotNull EndpointTraffic> endpoints) {

    public record EndpointTraffic(@NotNull @Size(max = 16) String endpointId, @Min(0) int inFlight,
                                  @Min(0) int waiting, @Min(0) long requests, @Min(0) long promptTokens,
                                  @Min(0) long completionTokens,
                                  @Size(max = 10_000) List<@Valid @NotNull KeyTraffic> byKey) {

        /** Whether the window saw a request: served, in flight or waiting. */
        public boolean active() {
            return requests > 0 || inFlight > 0 || waiting > 0;
        }
    }

    public record KeyTraffic(@NotNull @Size(max = 16) String keyId, @Min(0) long requests, @Min(0) long promptTokens,
                             @Min(0) long completionTokens) {
    }
}
