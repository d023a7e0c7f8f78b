package io.computenet.portal.upstream;

import io.computenet.contracts.api.PendingReason;
import io.computenet.problem.Problem;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A problem the pages show, as a code with arguments that they word in their own language (the message
 * {@code problem_<code>}), built from the problem's {@code type} and fields ({@code errors[]}'s field and reason, the
 * balance among a refusal's {@code reasons[]}), never from its English {@code detail}. A type the portal does not know
 * has no code: the pages show its {@code detail}. Pure: the portal adds the code to every problem it answers
 * ({@code detailCode}, {@link CodedProblem}; the web layer's {@code ProblemCodesFilter} for its own problems).
 */
public final class ProblemCodes {

    /** The problem types (the slug after {@link Problem#TYPE_BASE}) worded by type alone, with no arguments. */
    public static final Set<String> BY_TYPE = Set.of("insufficient-capacity", "price-ceiling", "tenant-limit-exceeded",
            "lease-not-found", "lease-ended", "node-draining", "booking-too-long", "devices-booked",
            "quote-not-found", "quote-expired", "quote-booked", "quote-unavailable", "forbidden", "unauthorized",
            "csrf-token-invalid", "priority-not-allowed", "no-tenant", "no-organisation", "service-unavailable",
            "duplicate-quota", "price-exists", "price-in-the-past", "period-not-closed", "invoice-not-found",
            "platform-fee-not-set", "endpoint-exists", "endpoint-not-found", "api-key-not-found", "not-found",
            "payload-too-large", "internal", "uri-too-long", "bad-request", "method-not-allowed", "not-acceptable",
            "unsupported-media-type", "unsupported-export-format", "upstream-failure", "shutting-down",
            "charge-not-found");

    private ProblemCodes() {
    }

    /** The problem's code and arguments ({@code text} its detail), or none for a type the portal does not know. */
    public static Optional<PendingReason> of(String type, String detail, List<Problem.FieldError> errors,
                                             List<String> reasons) {
        if (type == null || !type.startsWith(Problem.TYPE_BASE)) {
            return Optional.empty();
        }
        String slug = type.substring(Problem.TYPE_BASE.length());
        String text = detail == null ? "" : detail;
        List<Problem.FieldError> fields = errors == null ? List.of() : errors;
        return switch (slug) {
            case "invalid-request" -> Optional.of(fields.isEmpty()
                    ? new PendingReason("invalid_request", List.of(text), text)
                    : fields.size() == 1
                    ? new PendingReason("invalid_field", List.of(fields.get(0).field(), fields.get(0).message()), text)
                    : new PendingReason("invalid_fields", List.of(fields.stream().map(Problem.FieldError::field)
                    .collect(Collectors.joining(", "))), text));
            case "funds-exhausted" -> Optional.of(fundsExhausted(reasons, text));
            default -> BY_TYPE.contains(slug)
                    ? Optional.of(new PendingReason(code(slug), List.of(), text)) : Optional.empty();
        };
    }

    /** As {@link #of(String, String, List, List)} for a problem. */
    public static Optional<PendingReason> of(Problem p) {
        return of(p.type(), p.detail(), p.errors(), p.reasons());
    }

    /** The balance and its currency from the refusal's reasons ({@code balance: }, {@code currency: }) when given. */
    private static PendingReason fundsExhausted(List<String> reasons, String text) {
        Optional<String> balance = reason(reasons, "balance: ");
        Optional<String> currency = reason(reasons, "currency: ");
        return balance.isPresent() && currency.isPresent()
                ? new PendingReason("funds_exhausted_balance", List.of(balance.get(), currency.get()), text)
                : new PendingReason("funds_exhausted", List.of(), text);
    }

    private static Optional<String> reason(List<String> reasons, String prefix) {
        return (reasons == null ? List.<String>of() : reasons).stream().filter(r -> r.startsWith(prefix))
                .map(r -> r.substring(prefix.length())).findFirst();
    }

    /** The code of a type: its slug with underscores, e.g. {@code price_ceiling}. */
    private static String code(String slug) {
        return slug.replace('-', '_');
    }
}
