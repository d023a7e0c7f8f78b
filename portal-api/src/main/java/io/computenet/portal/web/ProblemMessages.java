package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The texts of the problems the portal knows ({@code problem_<code>}, {@link io.computenet.portal.upstream.ProblemCodes}),
 * English by default; {@code messages/problem_zh.properties} holds the Chinese. {@code portal/i18n.html} hands them
 * to the page script as {@code {problem:key}}.
 *
 * <p>A bundle of its own, not a part of {@link PortalMessages}: Quarkus 3.32's generated resolver of a bundle with
 * more than 300 messages fails the JVM's verifier when the portal starts ({@code VerifyError} in
 * {@code *_Bundle.resolve_0}), so every bundle stays at or under 300 ({@code MessageBundleSizeTest}).
 */
@MessageBundle(value = "problem", locale = "en")
public interface ProblemMessages {
    @Message("The request is not valid: \\{0}")
    String problem_invalid_request();

    @Message("The field \\{0} is not valid: \\{1}")
    String problem_invalid_field();

    @Message("These fields are not valid: \\{0}")
    String problem_invalid_fields();

    @Message("No prepaid funds left (balance \\{0} \\{1}, no voucher with money left): top up or get a voucher")
    String problem_funds_exhausted_balance();

    @Message("No prepaid funds left: top up or get a voucher")
    String problem_funds_exhausted();

    @Message("No capacity fits this request now")
    String problem_insufficient_capacity();

    @Message("Nothing that fits this request costs at most your price ceiling now")
    String problem_price_ceiling();

    @Message("The lease would exceed your tenant's GPU-hour budget or device quota")
    String problem_tenant_limit_exceeded();

    @Message("No such lease")
    String problem_lease_not_found();

    @Message("The lease has ended")
    String problem_lease_ended();

    @Message("The lease's node is being taken out of service: the lease cannot be renewed; request a new lease to continue elsewhere")
    String problem_node_draining();

    @Message("The lease would be booked for longer than allowed")
    String problem_booking_too_long();

    @Message("The lease's devices are booked later: it can run only until that booking starts")
    String problem_devices_booked();

    @Message("No such quote for your tenant")
    String problem_quote_not_found();

    @Message("The quote has expired: ask for new quotes")
    String problem_quote_expired();

    @Message("The quote has already been booked")
    String problem_quote_booked();

    @Message("The quoted option is not free any more: ask for new quotes")
    String problem_quote_unavailable();

    @Message("You may not do this")
    String problem_forbidden();

    @Message("Please sign in again")
    String problem_unauthorized();

    @Message("The page is out of date: reload it and try again")
    String problem_csrf_token_invalid();

    @Message("Your role may not set a lease's priority")
    String problem_priority_not_allowed();

    @Message("Your account belongs to no tenant")
    String problem_no_tenant();

    @Message("Your account belongs to no operator organisation")
    String problem_no_organisation();

    @Message("A service is not reachable: try again shortly")
    String problem_service_unavailable();

    @Message("The quotas name the same scope twice")
    String problem_duplicate_quota();

    @Message("A price for this key and start exists already")
    String problem_price_exists();

    @Message("A price cannot change the past: choose a start from now on")
    String problem_price_in_the_past();

    @Message("The month is not closed yet")
    String problem_period_not_closed();

    @Message("No such invoice")
    String problem_invoice_not_found();

    @Message("No platform fee is set for this operator")
    String problem_platform_fee_not_set();

    @Message("An endpoint with this name exists already")
    String problem_endpoint_exists();

    @Message("No such endpoint")
    String problem_endpoint_not_found();

    @Message("No such API key")
    String problem_api_key_not_found();

    @Message("Not found")
    String problem_not_found();

    @Message("The request is too large")
    String problem_payload_too_large();

    @Message("Something went wrong on our side: try again")
    String problem_internal();

    @Message("The address is too long")
    String problem_uri_too_long();

    @Message("The request could not be read")
    String problem_bad_request();

    @Message("This action is not available here")
    String problem_method_not_allowed();

    @Message("The answer cannot be given in the asked format")
    String problem_not_acceptable();

    @Message("The request's format is not accepted")
    String problem_unsupported_media_type();

    @Message("This export format is not supported")
    String problem_unsupported_export_format();

    @Message("A service answered unexpectedly: try again shortly")
    String problem_upstream_failure();

    @Message("The scheduler is restarting: try again shortly")
    String problem_shutting_down();

    @Message("No such charge")
    String problem_charge_not_found();
}
