package io.computenet.portal.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The portal's texts, English by default; {@code messages/msg_zh.properties} holds the Chinese. Templates use them
 * as {@code {msg:key}}; those named {@code js_*} and {@code state_*} are also handed to the page script
 * ({@code portal/i18n.html}). Placeholders {@code {0}} are filled by the script.
 */
@MessageBundle(value = "msg", locale = "en")
public interface PortalMessages {

    @Message("ComputeNet")
    String app_name();

    @Message("Skip to content")
    String skip();

    @Message("Offers")
    String nav_offers();

    @Message("My leases")
    String nav_leases();

    @Message("Nodes")
    String nav_operator();

    @Message("Exports")
    String nav_finance();

    @Message("Tenants")
    String nav_admin();

    @Message("Sign out")
    String sign_out();

    @Message("Sign in")
    String sign_in_again();

    @Message("You are signed out")
    String signed_out_title();

    @Message("Your portal session has ended.")
    String signed_out_text();

    @Message("Language")
    String language();

    @Message("Tenant")
    String who_tenant();

    @Message("Organisation")
    String who_organisation();

    @Message("Roles")
    String who_roles();

    @Message("researcher")
    String role_researcher();

    @Message("operator")
    String role_operator();

    @Message("finance")
    String role_finance();

    @Message("admin")
    String role_admin();

    @Message("Not allowed")
    String forbidden_title();

    @Message("Your roles do not allow this page. Pages you may use are in the menu above.")
    String forbidden_text();

    @Message("GPU offers")
    String offers_title();

    @Message("Filter offers")
    String offers_filters();

    @Message("Memory per device at least (GiB)")
    String f_min_memory();

    @Message("Vendor")
    String f_vendor();

    @Message("Region")
    String f_region();

    @Message("Price per device-hour at most")
    String f_max_price();

    @Message("Any")
    String f_any();

    @Message("Region")
    String col_region();

    @Message("Device")
    String col_model();

    @Message("Vendor")
    String col_vendor();

    @Message("Memory")
    String col_memory();

    @Message("Available")
    String col_available();

    @Message("Price / device-hour")
    String col_price();

    @Message("Price / hour")
    String col_price_hour();

    @Message("Estimated cost")
    String col_estimate();

    @Message("Tier")
    String col_tier();

    @Message("Slice")
    String col_slice();

    @Message("State")
    String col_state();

    @Message("Lease")
    String col_lease();

    @Message("Devices")
    String col_devices();

    @Message("Started")
    String col_started();

    @Message("Ends")
    String col_ends();

    @Message("Actions")
    String col_actions();

    @Message("Request GPUs")
    String request_title();

    @Message("Memory per device (GiB)")
    String r_memory();

    @Message("Devices")
    String r_devices();

    @Message("Duration (minutes)")
    String r_duration();

    @Message("Region (optional)")
    String r_region();

    @Message("Vendor (optional)")
    String r_vendor();

    @Message("Workload")
    String r_workload();

    @Message("Framework (optional)")
    String r_framework();

    @Message("Container image (optional)")
    String r_image();

    @Message("Price per hour at most (optional)")
    String r_max_price();

    @Message("Inference")
    String w_inference();

    @Message("Training")
    String w_training();

    @Message("Batch")
    String w_batch();

    @Message("Show prices")
    String show_quotes();

    @Message("Priced options")
    String quotes_title();

    @Message("My leases")
    String leases_title();

    @Message("Updated live every few seconds.")
    String leases_live();

    @Message("Enrolment tokens")
    String tokens_title();

    @Message("Region")
    String t_region();

    @Message("Cluster")
    String t_cluster();

    @Message("Valid for (minutes)")
    String t_expires();

    @Message("How many tokens")
    String t_count();

    @Message("Create tokens")
    String t_create();

    @Message("My nodes")
    String nodes_title();

    @Message("Node")
    String col_node();

    @Message("Enrolled devices")
    String col_enrolled();

    @Message("Last heard")
    String col_last_heard();

    @Message("Status")
    String col_health();

    @Message("Drain")
    String col_drain();

    @Message("Billing exports")
    String finance_title();

    @Message("Period (month)")
    String e_period();

    @Message("Format")
    String e_format();

    @Message("CSV (per lease)")
    String e_format_csv();

    @Message("FOCUS 1.2 (FinOps)")
    String e_format_focus();

    @Message("Download")
    String e_download();

    @Message("Tenant budgets and quotas")
    String admin_title();

    @Message("Tenant ID")
    String a_tenant();

    @Message("Show")
    String a_load();

    @Message("Monthly GPU-hour budget")
    String a_budget();

    @Message("Save budget")
    String a_budget_save();

    @Message("Device quotas")
    String a_quotas();

    @Message("Region (empty: all)")
    String a_quota_region();

    @Message("Vendor (empty: all)")
    String a_quota_vendor();

    @Message("Most devices at once")
    String a_quota_max();

    @Message("Add quota")
    String a_quota_add();

    @Message("Save quotas")
    String a_quota_save();

    @Message("Account")
    String nav_account();

    @Message("Account and invoices")
    String account_title();

    @Message("Prepaid balance")
    String funds_title();

    @Message("Balance")
    String f_balance();

    @Message("Spent this month")
    String f_spend();

    @Message("Vouchers")
    String vouchers_title();

    @Message("Voucher")
    String col_voucher();

    @Message("Amount")
    String col_amount();

    @Message("Left")
    String col_remaining();

    @Message("Valid for")
    String col_scope();

    @Message("Expires")
    String col_expires();

    @Message("This month's usage")
    String spend_title();

    @Message("Device")
    String col_device();

    @Message("Time used (h:mm:ss)")
    String col_hours();

    @Message("Rated until")
    String col_rated_until();

    @Message("Invoices")
    String invoices_title();

    @Message("Invoice")
    String col_invoice();

    @Message("Period")
    String col_period();

    @Message("Issued")
    String col_issued();

    @Message("Subtotal")
    String col_subtotal();

    @Message("Credits")
    String col_credits();

    @Message("Tax")
    String col_tax();

    @Message("Total")
    String col_total();

    @Message("Balance, vouchers, this month's spend and invoices: see your account.")
    String leases_account_link();

    @Message("Issue a voucher")
    String a_voucher_issue();

    @Message("Reason (optional)")
    String a_voucher_reason();

    @Message("Record a top-up")
    String a_top_up();

    @Message("Payment reference (optional; the same reference again records nothing)")
    String a_top_up_reference();

    @Message("Voucher \\{0} issued.")
    String js_voucher_issued();

    @Message("Top-up recorded.")
    String js_top_up_recorded();

    @Message("Price book")
    String prices_title();

    @Message("Your prices per device-hour: a new price applies from its start (now, or later) and never to what was already used; the offers show the price in force.")
    String prices_hint();

    @Message("Slice kind")
    String p_slice_kind();

    @Message("Whole device")
    String p_whole_device();

    @Message("Shared (soft)")
    String p_soft();

    @Message("Slice profile (optional)")
    String p_slice_profile();

    @Message("Term")
    String p_term();

    @Message("On demand")
    String p_on_demand();

    @Message("Interruptible")
    String p_interruptible();

    @Message("Currency")
    String p_currency();

    @Message("Valid from (empty: now)")
    String p_valid_from();

    @Message("Add price")
    String p_add();

    @Message("Changed by")
    String p_changed_by();

    @Message("Price added; it applies from \\{0}.")
    String js_price_added();

    @Message("Payout statements")
    String payouts_title();

    @Message("Earned")
    String col_gross();

    @Message("Platform fee")
    String col_fee();

    @Message("Payout")
    String col_net();

    @Message("Lines")
    String col_lines();

    @Message("Inference endpoints' requests and tokens")
    String e_format_endpoint_usage();

    @Message("Invoices and payouts")
    String runs_title();

    @Message("A month is invoiced once it is over (billing also does it on its own on the 1st). Issuing again shows what was issued; nothing is issued twice.")
    String runs_hint();

    @Message("Issue or show the month")
    String runs_issue();

    @Message("Tenant")
    String col_tenant();

    @Message("all regions and vendors")
    String js_all_regions();

    @Message("usable")
    String js_usable();

    @Message("used up or expired")
    String js_used_up();

    @Message("Total")
    String js_total();

    @Message("Issued \\{0} invoices for \\{1}.")
    String js_issued_now();

    @Message("\\{1} was issued before: \\{0} invoices.")
    String js_issued_before();

    @Message("Open invoice \\{0}")
    String js_view_invoice();

    @Message("Loading…")
    String js_loading();

    @Message("Nothing to show.")
    String js_none();

    @Message("Book")
    String js_book();

    @Message("Booked lease \\{0}.")
    String js_booked();

    @Message("Release")
    String js_release();

    @Message("Release lease \\{0}? Its job is stopped.")
    String js_release_confirm();

    @Message("Renew")
    String js_renew();

    @Message("Minutes to add")
    String js_renew_minutes();

    @Message("Usage chart")
    String js_usage();

    @Message("No usage samples yet.")
    String js_usage_empty();

    @Message("Utilisation (%)")
    String js_utilisation();

    @Message("Memory used (GiB)")
    String js_memory_used();

    @Message("Waiting because:")
    String js_waiting_because();

    @Message("Its node is being drained: the lease ends by \\{0} at the latest.")
    String js_drain_notice();

    @Message("\\{0} of \\{1} free")
    String js_free_of();

    @Message("\\{0} / h")
    String js_per_hour();

    @Message("not priced")
    String js_unpriced();

    @Message("\\{0} / h, about \\{1} for the lease")
    String js_lease_price();

    @Message("No option fits right now.")
    String js_no_quotes();

    @Message("Tokens created, valid until \\{0}. Each enrols one node once.")
    String js_tokens_created();

    @Message("Copy")
    String js_copy();

    @Message("Copied")
    String js_copied();

    @Message("Drain")
    String js_drain();

    @Message("Deadline in minutes")
    String js_drain_minutes();

    @Message("Undrain")
    String js_undrain();

    @Message("Revoke")
    String js_revoke();

    @Message("Revoke node \\{0}? Its records are refused from now on and this cannot be undone.")
    String js_revoke_confirm();

    @Message("Draining until \\{0}")
    String js_draining_until();

    @Message("Drained since \\{0}")
    String js_drained_since();

    @Message("Revoked \\{0}")
    String js_revoked();

    @Message("Device \\{0} enrolled as \\{1}, reported as \\{2}: refused until the node is enrolled again")
    String js_device_mismatch();

    @Message("never")
    String js_never();

    @Message("Active")
    String js_active();

    @Message("Downloaded \\{0}.")
    String js_downloaded();

    @Message("no budget")
    String js_budget_none();

    @Message("Budget \\{0} GPU-h, used \\{1}, committed \\{2} (\\{3})")
    String js_budget_line();

    @Message("Saved.")
    String js_saved();

    @Message("Remove")
    String js_remove();

    @Message("Something went wrong; try again.")
    String js_error();

    @Message("The portal cannot be reached; check your connection.")
    String js_unreachable();

    @Message("Your session has ended; sign in again.")
    String js_session_expired();

    @Message("Requested")
    String state_REQUESTED();

    @Message("Booked")
    String state_BOOKED();

    @Message("Waiting")
    String state_QUEUED();

    @Message("Scheduled")
    String state_SCHEDULED();

    @Message("Starting")
    String state_STARTING();

    @Message("Running")
    String state_RUNNING();

    @Message("Released")
    String state_RELEASED();

    @Message("Expired")
    String state_EXPIRED();

    @Message("Failed")
    String state_FAILED();

    @Message("Preempted")
    String state_PREEMPTED();

    @Message("Framework")
    String f_framework();

    @Message("Runs")
    String col_frameworks();

    @Message("Spend per day")
    String daily_title();

    @Message("This month's spend per day (UTC), rated so far; a lease running over midnight counts on both days.")
    String daily_hint();

    @Message("Day")
    String col_day();

    @Message("Utilisation (15 min)")
    String col_utilisation();

    @Message("\\{0} % over \\{1} device(s), \\{2} in use · \\{3} GiB used")
    String js_utilisation_line();

    @Message("no recent samples")
    String js_no_samples();

    @Message("Operators' payouts")
    String finance_payouts_title();

    @Message("Operator")
    String col_operator();

    @Message("Dead-lettered records")
    String dl_title();

    @Message("Records billing or the scheduler could never apply, newest first (from computenet.dead-letter.v1).")
    String dl_hint();

    @Message("Time")
    String col_time();

    @Message("Service")
    String col_service();

    @Message("Topic")
    String col_topic();

    @Message("Partition @ offset")
    String col_offset();

    @Message("Reason")
    String col_reason();

    @Message("Key")
    String col_key();

    @Message("Reload")
    String dl_reload();

    // pending reasons: reason_<code> of io.computenet.contracts.api.PendingReason, in English its template's words

    @Message("no nodes are enrolled")
    String reason_no_nodes();

    @Message("no nodes in region \\{0}")
    String reason_no_nodes_in_region();

    @Message("region \\{0}: none of \\{1} node(s) has \\{2} free \\{3}device(s) with >= \\{4} GiB on one node")
    String reason_region_short_devices();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with a free \\{3} slot and \\{4} % compute")
    String reason_region_short_slot_compute();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with a free \\{3} slot")
    String reason_region_short_slot();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with room for >= \\{3} GiB whole or as a MIG/vNPU slice and \\{4} % compute")
    String reason_region_short_isolated_compute();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with room for >= \\{3} GiB whole or as a MIG/vNPU slice")
    String reason_region_short_isolated();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with room for >= \\{3} GiB whole or as a slice and \\{4} % compute")
    String reason_region_short_shared_compute();

    @Message("region \\{0}: none of \\{1} node(s) has a \\{2}device with room for >= \\{3} GiB whole or as a slice")
    String reason_region_short_shared();

    @Message("\\{0} node(s) are draining, unhealthy or silent")
    String reason_nodes_unschedulable();

    @Message("gang of \\{0} node(s) x \\{1} device(s): at most \\{2} node(s) in one cluster have \\{3} free \\{4}device(s) of one model with >= \\{5} GiB; \\{6} more node(s) missing")
    String reason_gang_short();

    @Message("cluster \\{0} in region \\{1}: \\{2} of \\{3} node(s) have \\{4} free \\{5} (missing \\{6})")
    String reason_gang_cluster();

    @Message("price: no price books have arrived from billing yet, so nothing can be checked against the ceiling of \\{0} \\{1} per hour")
    String reason_price_no_books();

    @Message("price: \\{0} fitting device(s) cost more than the ceiling of \\{1} \\{2} per hour (the cheapest \\{3} \\{4} per hour)")
    String reason_price_too_dear();

    @Message("price: \\{0} fitting device(s) have no price in \\{1} yet, so they cannot be checked against the ceiling of \\{2} \\{3} per hour")
    String reason_price_unpriced();

    @Message("\\{0}: the quoted option is not free now (only another kind of slice fits there)")
    String reason_quote_other_slice();

    @Message("\\{0}: the quoted option is not free now")
    String reason_quote_not_free();

    @Message("position \\{0} in the queue (priority \\{1}); waits until \\{2}")
    String reason_queue_position();

    @Message("tenant budget would be exceeded: \\{0} GPU-hours used and \\{1} committed of \\{2} in \\{3}; this lease needs \\{4}")
    String reason_budget_exceeded();

    @Message("tenant quota for \\{0} would be exceeded: \\{1} device(s) held of \\{2}; this lease needs \\{3}")
    String reason_quota_exceeded();

    @Message("tenant quota for all regions, \\{0} would be exceeded: \\{1} device(s) held of \\{2}; this lease needs \\{3}")
    String reason_quota_exceeded_all_regions_vendor();

    @Message("tenant quota for all regions would be exceeded: \\{0} device(s) held of \\{1}; this lease needs \\{2}")
    String reason_quota_exceeded_all_regions();

    @Message("tenant quota for \\{0}, \\{1} would be exceeded: \\{2} device(s) held of \\{3}; this lease needs \\{4}")
    String reason_quota_exceeded_vendor();

    @Message("no region has \\{0} free device(s) with >= \\{1} GiB on one node right now in \\{2}; a lease request would wait in the queue")
    String reason_quotes_none_free_in_region();

    @Message("no region has \\{0} free device(s) with >= \\{1} GiB on one node right now; a lease request would wait in the queue")
    String reason_quotes_none_free();

    @Message("no region has \\{0} free device(s) with >= \\{1} GiB on each of \\{2} nodes of one cluster right now in \\{3}; a lease request would wait in the queue")
    String reason_quotes_gang_none_free_in_region();

    @Message("no region has \\{0} free device(s) with >= \\{1} GiB on each of \\{2} nodes of one cluster right now; a lease request would wait in the queue")
    String reason_quotes_gang_none_free();

    @Message("price: \\{0} option(s) cost more than the ceiling of \\{1} \\{2} per hour (the cheapest \\{3} \\{4} per hour)")
    String reason_quotes_too_dear();

    @Message("price: \\{0} option(s) have no price in \\{1} (no price books have arrived from billing yet)")
    String reason_quotes_no_books();

    @Message("price: \\{0} option(s) have no price in \\{1} yet")
    String reason_quotes_unpriced();

    @Message("price: quote \\{0} holds \\{1} \\{2} per hour, above the ceiling of \\{3} \\{4} per hour")
    String reason_quote_above_ceiling();

    @Message("the devices booked on \\{0} are no longer available and the whole gang fits nowhere else now")
    String reason_gang_booking_lost();

    @Message("validUntil: \\{0}")
    String reason_quote_valid_until();

    @Message("balance: \\{0}")
    String reason_funds_balance();

    @Message("currency: \\{0}")
    String reason_funds_currency();

    @Message("exhaustedSince: \\{0}")
    String reason_funds_exhausted_since();

    @Message("quote \\{0} (whole \\{1} in \\{2} from \\{3}): the quoted option is not free now (only another kind of slice fits there)")
    String reason_quote_whole_other_slice();

    @Message("quote \\{0} (\\{1} share of \\{2} in \\{3} from \\{4}): the quoted option is not free now (only another kind of slice fits there)")
    String reason_quote_share_other_slice();

    @Message("quote \\{0} (\\{1} \\{2} of \\{3} in \\{4} from \\{5}): the quoted option is not free now (only another kind of slice fits there)")
    String reason_quote_profile_other_slice();

    @Message("quote \\{0} (whole \\{1} in \\{2} from \\{3}): the quoted option is not free now")
    String reason_quote_whole_not_free();

    @Message("quote \\{0} (\\{1} share of \\{2} in \\{3} from \\{4}): the quoted option is not free now")
    String reason_quote_share_not_free();

    @Message("quote \\{0} (\\{1} \\{2} of \\{3} in \\{4} from \\{5}): the quoted option is not free now")
    String reason_quote_profile_not_free();

    @Message("from \\{0} to \\{1}: \\{2}")
    String reason_window();

    @Message("released by tenant")
    String reason_lease_released_by_tenant();

    @Message("lease time is up")
    String reason_lease_time_up();

    @Message("workload completed on every node")
    String reason_lease_workload_completed_every_node();

    @Message("workload completed")
    String reason_lease_workload_completed();

    @Message("prepaid funds exhausted")
    String reason_lease_funds_exhausted();

    @Message("the node is no longer in the inventory")
    String reason_lease_node_gone();

    @Message("node \\{0} was revoked by its operator")
    String reason_lease_node_revoked();

    @Message("node \\{0} missed its heartbeats for more than \\{1} s; last heard from at \\{2}")
    String reason_lease_node_silent();

    @Message("device \\{0} is no longer reported by node \\{1}")
    String reason_lease_device_gone();

    @Message("device \\{0} on node \\{1} reported critical health")
    String reason_lease_device_critical();

    @Message("node drained by operator \\{0} at \\{1}")
    String reason_lease_node_drained();

    @Message("preempted by on-demand lease \\{0} at priority \\{1}")
    String reason_lease_preempted();

    @Message("node rank \\{0} (\\{1}) failed, so the whole gang fails: \\{2}")
    String reason_lease_gang_member_failed();

    @Message("waited in the queue until \\{0} without fitting: \\{1}")
    String reason_lease_queue_gave_up();

    @Message("workload did not start within \\{0} s: \\{1}")
    String reason_lease_workload_not_started_in_because();

    @Message("workload did not start within \\{0} s (\\{1})")
    String reason_lease_workload_not_started_in_detail();

    @Message("workload did not start within \\{0} s")
    String reason_lease_workload_not_started_in();

    @Message("workload did not start: \\{0} \\{1}")
    String reason_lease_workload_not_started();

    @Message("workload \\{0} \\{1}")
    String reason_lease_workload_ended();

    @Message("the devices booked on \\{0} are no longer available and nothing else fits now")
    String reason_booking_lost();

    @Message("node rank \\{0} (\\{1}): \\{2}")
    String reason_lease_gang_member_node();

    @Message("node rank \\{0}: \\{1}")
    String reason_lease_gang_member();

    @Message("node \\{0} was enrolled as Kubernetes node '\\{1}', which is not a Node of region \\{2}'s cluster")
    String reason_lease_not_a_node();

    @Message("workload cannot be created: \\{0}")
    String reason_lease_workload_not_created();

    @Message("workload could not be created within \\{0} s: \\{1}")
    String reason_lease_workload_not_created_in();

    @Message("workload did not start on every node within \\{0} s")
    String reason_lease_workload_not_started_every_node();

}
