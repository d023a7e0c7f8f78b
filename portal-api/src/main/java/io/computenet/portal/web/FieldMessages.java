package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of a bad field's reason ({@code field_<code>}, {@link io.computenet.portal.upstream.FieldReasons}), English
 * by default; {@code messages/fields_zh.properties} holds the Chinese. {@code portal/i18n.html} hands them to the page
 * script as {@code {fields:key}}, which words each field's reason beside its field. A bundle of its own (every bundle
 * stays at or under 300 messages: {@code MessageBundleSizeTest}).
 */
@MessageBundle(value = "fields", locale = "en")
public interface FieldMessages {
    @Message("must be given (without a quote)")
    String field_not_null_without_quote();

    @Message("must be given when nodes is above 1")
    String field_not_null_gang();

    @Message("must be given")
    String field_not_null();

    @Message("must not be blank")
    String field_not_blank();

    @Message("must not be empty")
    String field_not_empty();

    @Message("must be at least \\{0}")
    String field_at_least();

    @Message("must be more than \\{0}")
    String field_more_than();

    @Message("at most \\{0} on one node (a multi-node job gives nodes and devices per node)")
    String field_devices_on_one_node();

    @Message("must be at most \\{0}")
    String field_at_most();

    @Message("must be less than \\{0}")
    String field_less_than();

    @Message("must have \\{0} to \\{1} characters or items")
    String field_size();

    @Message("at most \\{0} digits before and \\{1} after the decimal point")
    String field_digits();

    @Message("has the wrong format")
    String field_pattern();

    @Message("must be an OCI image reference like docker.io/vllm/vllm-openai:v0.6.3")
    String field_oci_image();

    @Message("must be a region id like cn-east-yrd")
    String field_region_id_like();

    @Message("must be a region id")
    String field_region_id();

    @Message("must be an ISO 4217 currency code such as CNY")
    String field_currency_such_as();

    @Message("must be an ISO 4217 currency code like CNY")
    String field_currency_like();

    @Message("must be on demand or interruptible")
    String field_priority();

    @Message("must be 1-40 characters of a-z, 0-9 and '-', not starting or ending with '-'")
    String field_dns_label();

    @Message("must be a MIG profile or vNPU template name")
    String field_slice_profile();

    @Message("must be a branch, tag or commit")
    String field_revision();

    @Message("must be a cluster name")
    String field_cluster();

    @Message("must be a label like rack-12 or spine-a/leaf-3")
    String field_topology_label();

    @Message("must be a model id like Qwen/Qwen2.5-7B-Instruct or store://<path>")
    String field_model_id();

    @Message("must be a quote id like qt-...")
    String field_quote_id();

    @Message("must be a whole number from 1 to 1000")
    String field_whole_1_to_1000();

    @Message("must be 1 to 128 characters without control characters or '/'")
    String field_path_id();

    @Message("must be a month as YYYY-MM")
    String field_month();

    @Message("must be csv, focus or endpoint-usage")
    String field_export_format();

    @Message("the field \\{0} is not known")
    String field_unknown_field();

    @Message("the field \\{0} appears more than once")
    String field_duplicate_field();

    @Message("the field \\{0} is required")
    String field_required_field();

    @Message("the field \\{0} cannot take the value \\{1}; allowed: \\{2}")
    String field_not_allowed_value();

    @Message("the field \\{0} cannot take the value \\{1}")
    String field_bad_value();

    @Message("the field \\{0} has the wrong type")
    String field_wrong_type();

    @Message("the field \\{0} must not contain a NUL character")
    String field_nul_character();

    @Message("\\{0} must not contain control characters")
    String field_control_characters();

    @Message("the query string is not valid percent-encoding")
    String field_query_encoding();

    @Message("the Content-Length header is not a number")
    String field_content_length();

    @Message("must be a month as YYYY-MM (was \\{0})")
    String field_month_was();

    @Message("must be a month as YYYY-MM")
    String field_month_required();

    @Message("at least one is required")
    String field_required_one_or_more();

    @Message("is required")
    String field_required();

    @Message("must equal nodes × devices per node (\\{0}) when both are given (was \\{1})")
    String field_gang_device_count();

    @Message("a multi-node job takes whole devices: leave sharing out or choose whole devices")
    String field_gang_whole_sharing();

    @Message("a multi-node job takes whole devices on every node")
    String field_gang_whole_devices();

    @Message("a multi-node job cannot be interruptible")
    String field_gang_not_interruptible();

    @Message("a quote is booked now: an advance booking takes no quote")
    String field_quote_no_advance();

    @Message("the quote was for \\{0}: leave it out or give the same")
    String field_quote_was_for();

    @Message("a price applies from now on, never to what was already used (was \\{0})")
    String field_price_from_now();

    @Message("must be at least the minimum replicas (\\{0})")
    String field_min_replicas();

    @Message("a percentage from 0 to 100 with at most 2 decimals (was \\{0})")
    String field_fee_percent();

    @Message("who makes the change is required")
    String field_changed_by();

    @Message("at most 1000 nodes at a time")
    String field_node_ids_at_most();

    @Message("needs one count per node, in the same order")
    String field_one_count_per_node();

    @Message("must be 0 or more")
    String field_zero_or_more();

    @Message("must be in the future (was \\{0})")
    String field_expiry_in_the_future();

    @Message("\\{0} is not an ISO 4217 currency code")
    String field_currency_not_iso();

    @Message("must be a month as YYYY-MM (was \\{0})")
    String field_period_but_was();

    @Message("the format \\{0} is not supported; supported: \\{1}")
    String field_format_not_supported();

    @Message("is required")
    String field_required_word();

    @Message("give the drain's deadline or the minutes from now")
    String field_drain_deadline_or_minutes();

    @Message("give either the deadline or the minutes, not both")
    String field_drain_not_both();

    @Message("must be from 1 to \\{0} (was \\{1})")
    String field_drain_minutes_range();

    @Message("must be in the future (was \\{0}, now \\{1})")
    String field_drain_deadline_future();

    @Message("must be at most \\{0} days ahead (was \\{1})")
    String field_drain_deadline_ahead();

    @Message("\\{0} cannot serve endpoints yet; endpoints are served with \\{1}")
    String field_framework_not_serving();
}
