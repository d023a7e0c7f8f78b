package io.computenet.portal.lease;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.Map;

/**
 * Describes the host resources a lease or quote request may name ({@code cpuCount}, {@code hostMemoryGiB}) in the
 * portal's OpenAPI document: the records live in {@code contracts}, free of OpenAPI annotations, so it is said here.
 * Host memory is the node's RAM, not the accelerators' memory ({@code memoryGiB}), and like every memory field of the
 * API it is in GiB.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class HostResourceSchemas implements OASFilter {

    static final String HOST_MEMORY = "host memory (RAM, not accelerator memory) the lease needs on each of its nodes,"
            + " GiB, 0.25 to 16384; optional. Under the FGD placement policies (the default fgd-cpu-aware-learned among"
            + " them) a node whose agent reports less host memory left, after the leases already on it, is not a"
            + " candidate; binpack, spread and a gang's placement (nodes > 1) ignore it. It is not reserved or limited on"
            + " the node";
    static final String CPU_COUNT = "host CPUs (logical) the lease needs on each of its nodes, 1 to 1024; optional,"
            + " 8 per device by default (a slice in proportion to its share). Weighed by the CPU-aware placement;"
            + " not reserved or limited on the node";

    /** Per schema, per field: its description. */
    static final Map<String, Map<String, String>> DESCRIPTIONS = Map.of(
            "LeaseRequest", Map.of("hostMemoryGiB", HOST_MEMORY, "cpuCount", CPU_COUNT),
            "QuoteRequest", Map.of("hostMemoryGiB", "host memory each node must have left, GiB, as for a lease: an"
                    + " option with no such node (under the FGD placement policies) is not offered"));

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        DESCRIPTIONS.forEach((name, fields) -> fields.forEach((field, description) -> {
            Schema schema = schemas.get(name);
            Schema property = schema == null || schema.getProperties() == null ? null
                    : schema.getProperties().get(field);
            if (property != null) {
                property.setDescription(description);
            }
        }));
    }
}
