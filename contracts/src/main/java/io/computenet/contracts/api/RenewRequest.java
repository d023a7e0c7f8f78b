package io.computenet.contracts.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Extends a lease by {@code minutes} ({@code POST /api/v1/leases/{id}/renew}), if the tenant's budget allows. */
public record RenewRequest(@NotNull @Min(1) @Max(FieldRules.MAX_MINUTES) Integer minutes) {
}
