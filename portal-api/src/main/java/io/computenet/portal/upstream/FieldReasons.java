package io.computenet.portal.upstream;

import io.computenet.contracts.api.SentenceTemplates;
import io.computenet.problem.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bad field's reason ({@code errors[]}'s message) as a code with arguments, so that the pages word it in their own
 * language (the message {@code field_<code>} of {@code FieldMessages}) while the API stays language-neutral. The
 * reasons are the services' own words: Bean Validation's messages (Hibernate Validator's English defaults and the
 * API's own {@code message}s), the strict JSON reading's, the request guard's and the fixed reasons of
 * {@code FieldProblem}s; each is a {@link Template} with {@code {0}}, {@code {1}}... where its values go. A reason no
 * template reads has the code {@link #OTHER} and is shown as it is. A wording may leave an argument out (a pattern's
 * regular expression means nothing to a reader). {@code FieldReasonCatalogueTest} feeds every
 * constraint the API declares and fails on one without a template. Pure.
 */
public final class FieldReasons {

    /** The code of a reason no template reads. */
    public static final String OTHER = "other";


    /** A field's reason as a code: {@code field} the field's path, {@code text} the service's own words. */
    public record FieldReason(String field, String code, List<String> args, String text) {
        public FieldReason {
            args = List.copyOf(args);
        }
    }

    /** The services' field reasons; more particular ones first (a reason is read by the first that fits). */
    public enum Template {
        // Bean Validation (Hibernate Validator's English defaults)
        NOT_NULL_WITHOUT_QUOTE("must not be null (without a quoteId)"),
        NOT_NULL_GANG("must not be null when nodes is above 1"),
        NOT_NULL("must not be null"),
        NOT_BLANK("must not be blank"),
        NOT_EMPTY("must not be empty"),
        AT_LEAST("must be greater than or equal to {0}"),
        MORE_THAN("must be greater than {0}"),
        DEVICES_ON_ONE_NODE("must be less than or equal to {0} on one node (a gang gives nodes and devicesPerNode)"),
        AT_MOST("must be less than or equal to {0}"),
        LESS_THAN("must be less than {0}"),
        SIZE("size must be between {0} and {1}"),
        DIGITS("numeric value out of bounds (<{0} digits>.<{1} digits> expected)"),
        PATTERN("must match \"{0}\""),
        // the API's own constraint messages
        OCI_IMAGE("must be an OCI image reference like docker.io/vllm/vllm-openai:v0.6.3"),
        REGION_ID_LIKE("must be a region id like cn-east-yrd"),
        REGION_ID("a region id"),
        CURRENCY_SUCH_AS("an ISO 4217 code such as CNY"),
        CURRENCY_LIKE("must be an ISO 4217 code like CNY"),
        PRIORITY("must be ON_DEMAND or INTERRUPTIBLE"),
        DNS_LABEL("must be a DNS label: 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'"),
        SLICE_PROFILE("must be a MIG profile or vNPU template name"),
        REVISION("must be a branch, tag or commit"),
        CLUSTER("must be a cluster name"),
        TOPOLOGY_LABEL("must be a label like rack-12 or spine-a/leaf-3"),
        MODEL_ID("must be a model id like Qwen/Qwen2.5-7B-Instruct or store://<path>"),
        QUOTE_ID("must be a quote id like qt-..."),
        WHOLE_1_TO_1000("must be a whole number from 1 to 1000"),
        PATH_ID("must be 1 to 128 characters without control characters or '/'"),
        MONTH("must be a month as YYYY-MM"),
        EXPORT_FORMAT("must be csv, focus or endpoint-usage"),
        // the strict JSON reading's (problem-json's ProblemMappers, StrictJson)
        UNKNOWN_FIELD("unknown field '{0}'"),
        DUPLICATE_FIELD("field '{0}' appears more than once"),
        REQUIRED_FIELD("field '{0}' is required (null where allowed)"),
        NOT_ALLOWED_VALUE("field '{0}' cannot take the value '{1}'; allowed: {2}"),
        BAD_VALUE("field '{0}' cannot take the value '{1}'"),
        WRONG_TYPE("field '{0}' has the wrong type"),
        NUL_CHARACTER("field '{0}' must not contain a NUL character"),
        // the request guard's (problem-json's RequestLimits)
        CONTROL_CHARACTERS("'{0}' must not contain control characters (NUL, CR, LF, ...)"),
        QUERY_ENCODING("the query string is not valid percent-encoding"),
        CONTENT_LENGTH("Content-Length is not a number"),
        // FieldProblem's fixed reasons (problem-json, the scheduler's lease requests, billing, the portal)
        MONTH_WAS("a month as YYYY-MM is required, was '{0}'"),
        MONTH_REQUIRED("a month as YYYY-MM is required"),
        REQUIRED_ONE_OR_MORE("is required (one or more)"),
        REQUIRED("is required"),
        GANG_DEVICE_COUNT("must equal nodes x devicesPerNode ({0}) when both are given, was {1}"),
        GANG_WHOLE_SHARING("a gang takes whole devices: leave it out or use WHOLE"),
        GANG_WHOLE_DEVICES("a gang takes whole devices on every node"),
        GANG_NOT_INTERRUPTIBLE("a gang is not interruptible"),
        QUOTE_NO_ADVANCE("a quote is booked now; advance bookings take no quote"),
        QUOTE_WAS_FOR("the quote was for {0}: leave it out or give the same"),
        PRICE_FROM_NOW("a price applies from now or later, never to what was already used; was {0}"),
        MIN_REPLICAS("must be at least minReplicas ({0})"),
        FEE_PERCENT("a percentage from 0 to 100 with at most 2 decimals, was {0}"),
        CHANGED_BY("who makes the change is required"),
        NODE_IDS_AT_MOST("at most 1000 nodes at a time"),
        ONE_COUNT_PER_NODE("needs one count per nodeId, in the same order"),
        ZERO_OR_MORE("must be 0 or more"),
        EXPIRY_IN_THE_FUTURE("expiresAt must be in the future, was {0}"),
        CURRENCY_NOT_ISO("currency {0} is not an ISO 4217 currency code"),
        PERIOD_BUT_WAS("period must be a month as YYYY-MM but was {0}"),
        FORMAT_NOT_SUPPORTED("format {0} is not supported; supported: {1}"),
        REQUIRED_WORD("required"),
        DRAIN_DEADLINE_OR_MINUTES("give the drain's deadline (an ISO-8601 instant) or minutes from now"),
        DRAIN_NOT_BOTH("give either deadline or minutes, not both"),
        DRAIN_MINUTES_RANGE("must be between 1 and {0} but was {1}"),
        DRAIN_DEADLINE_FUTURE("must be in the future but was {0} (now {1})"),
        DRAIN_DEADLINE_AHEAD("must be at most {0} days ahead but was {1}"),
        FRAMEWORK_NOT_SERVING("{0} cannot serve endpoints yet; endpoints are served with {1}");

        private final String english;
        private final Pattern pattern;

        Template(String english) {
            this.english = english;
            this.pattern = SentenceTemplates.patternOf(english);
        }

        /** The code the pages key their texts by: the constant's name in lower case, e.g. {@code not_null}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The service's words with placeholders {@code {0}}, {@code {1}}... */
        public String english() {
            return english;
        }
    }

    private FieldReasons() {
    }

    /** A field's reason as a code and its arguments ({@link #OTHER} when no template reads it). */
    public static FieldReason of(String field, String text) {
        String reason = text == null ? "" : text;
        for (Template t : Template.values()) {
            Matcher m = t.pattern.matcher(reason);
            if (m.matches()) {
                List<String> args = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    args.add(m.group(i));
                }
                return new FieldReason(field, t.code(), args, reason);
            }
        }
        return new FieldReason(field, OTHER, List.of(), reason);
    }

    /** Each bad field's reason as a code, in the order of {@code errors}. */
    public static List<FieldReason> of(List<Problem.FieldError> errors) {
        return errors == null ? List.of() : errors.stream().map(e -> of(e.field(), e.message())).toList();
    }
}
