package io.computenet.portal.lease;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.List;

/**
 * Documents the shared request records' {@code tenantId} as the portal treats it: read-only, set from the caller's
 * token (whatever a body says). The records live in contracts, free of OpenAPI annotations, so this is said here.
 */
public class TenantFromTokenSchema implements OASFilter {

    /** The request schemas the portal forwards with the caller's tenant. */
    static final List<String> REQUESTS = List.of("LeaseRequest", "QuoteRequest");

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (String name : REQUESTS) {
            Schema schema = openApi.getComponents().getSchemas().get(name);
            Schema tenant = schema == null || schema.getProperties() == null ? null
                    : schema.getProperties().get("tenantId");
            if (tenant != null) {
                tenant.setReadOnly(true);
                tenant.setDescription("set by the portal from the caller's token; ignored in the request");
            }
        }
    }
}
