package io.computenet.contracts.api.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to creating an endpoint: the endpoint, its first API key (shown once) and, from the portal, the base
 * URL clients call (the scheduler leaves it out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointCreated(EndpointView endpoint, ApiKeyCreated apiKey, String baseUrl) {

    /** This answer with the base URLs under {@code publicUrl}, the portal's public root. */
    public EndpointCreated at(String publicUrl) {
        EndpointView view = endpoint.at(publicUrl);
        return new EndpointCreated(view, apiKey, view.baseUrl());
    }
}
