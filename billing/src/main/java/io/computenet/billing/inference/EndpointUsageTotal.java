package io.computenet.billing.inference;

import java.time.Instant;
import java.time.YearMonth;

/**
 * What one API key of one inference endpoint was served in one month: requests, prompt and completion tokens, and the
 * first and last instants of the windows counted.
 */
public record EndpointUsageTotal(YearMonth period, String tenantId, String endpointId, String endpointName,
                                 String keyId, Instant firstWindowStart, Instant lastWindowEnd, long requests,
                                 long promptTokens, long completionTokens) {
}
