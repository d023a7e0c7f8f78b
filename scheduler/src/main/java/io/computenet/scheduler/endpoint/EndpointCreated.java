package io.computenet.scheduler.endpoint;

/** The answer to creating an endpoint: the endpoint and its first API key (the key shown this once). */
public record EndpointCreated(EndpointView endpoint, ApiKeyCreated apiKey) {
}
