package io.computenet.billing.funds;

import io.computenet.contracts.inventory.Vendor;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;

/** The bodies of billing's funds writes (the portal fills in who makes them). */
public final class FundsRequests {

    private FundsRequests() {
    }

    /**
     * A prepaid top-up: {@code amount} in {@code currency} (ISO 4217, CNY when absent), recorded by {@code recordedBy};
     * an optional {@code reference} (e.g. the payment's) makes recording the same top-up again a no-op.
     */
    public record TopUp(@NotNull @Positive @Digits(integer = 16, fraction = 2) BigDecimal amount,
                        @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY") String currency,
                        @Size(max = 128) String reference,
                        @NotBlank @Size(max = 128) String recordedBy) {
    }

    /**
     * A voucher (compute credit): {@code amount} in {@code currency} spendable until {@code expiresAt}, in
     * {@code region} and on {@code vendor}'s devices (either null: any).
     */
    public record IssueVoucher(@NotNull @Positive @Digits(integer = 16, fraction = 2) BigDecimal amount,
                               @Pattern(regexp = "[A-Z]{3}", message = "an ISO 4217 code such as CNY") String currency,
                               @NotNull Instant expiresAt,
                               @Size(max = 64) @Pattern(regexp = "[a-z0-9-]+", message = "a region id") String region,
                               Vendor vendor,
                               @Size(max = 256) String reason,
                               @NotBlank @Size(max = 128) String issuedBy) {
    }
}
