package io.computenet.contracts.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a queued lease waits, why a quote list has no more options, why a request was refused (a problem's
 * {@code reasons[]}), or why a lease ended (its {@code reason}), as a code with its arguments, so that a reader (the portal in Chinese or English) can put it in
 * its own words; {@code text} is the scheduler's English sentence it was read from. The codes and their English
 * sentences are {@link Template}: the scheduler's wording, with {@code {0}}, {@code {1}}... where its figures and
 * names go. A sentence no template matches gets {@link #OTHER} and no arguments, and is shown as it is.
 *
 * <p>Keep the templates in step with the sentences the scheduler writes (placement's {@code PendingReasonCatalogueTest}
 * feeds them the planners' real output, the scheduler's {@code AdmissionReasonCatalogueTest} the budget and quota
 * checks', {@code LeaseEndReasonCatalogueTest} the node checks', drains' and Pod creation's end reasons,
 * {@code LeaseDecisionTest} a refused or lost advance booking's; the quote book's, refusals' and the services' fixed
 * end reasons are read by example in {@code PendingReasonTest}) and with the
 * portal's messages
 * {@code reason_<code>} (the portal's {@code PendingReasonMessagesTest}): a new sentence is a new template and a message
 * in each language.
 */
public record PendingReason(String code, List<String> args, String text,
                            @com.fasterxml.jackson.annotation.JsonInclude(
                                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                            List<PendingReason> within) {

    /** The code of a sentence no template matches. */
    public static final String OTHER = "other";

    /** A placeholder of a template (outside the enum: its constants are built before its own static fields). */

    /** What separates the sentences of a joined reason (an ended lease's, a gang's, a queue's last reasons). */
    private static final String JOINED = "; ";

    /**
     * @param within for a template whose last argument holds further sentences ({@link Template#nested()}: an
     *               advance booking's window, a gang member's failure, the queue's last reasons), those sentences as
     *               codes, so that a reader words them too; for a workload's end, its Kubernetes status as codes
     *               ({@link WorkloadStatus}); empty otherwise
     */
    public PendingReason {
        Objects.requireNonNull(code, "code");
        args = List.copyOf(args);
        Objects.requireNonNull(text, "text");
        within = within == null ? List.of() : List.copyOf(within);
    }

    /** A reason with no sentences within it. */
    public PendingReason(String code, List<String> args, String text) {
        this(code, args, text, List.of());
    }

    /** How a template's last argument is read into {@link #within}. */
    enum Within {
        /** Not read: the argument is shown as it is. */
        NONE,
        /** Further sentences joined by {@code "; "}, each a template's ({@link Template#nested()}). */
        JOINED,
        /** A Pod's status, its containers' reasons ({@link WorkloadStatus#of}). */
        POD_STATUS,
        /** A Kubernetes API server's answer, the cluster's own text ({@link WorkloadStatus#clusterSaid}). */
        CLUSTER_TEXT
    }

    /** The scheduler's sentences. More particular ones come first (a sentence is matched by the first that fits). */
    public enum Template {
        // sentences around others (the last argument, nested), first: an inner sentence may fit a template that starts
        // with an argument. An advance booking's reasons: the window, then the reason; an ended lease's: a gang
        // member's failure, the queue's last reasons
        WINDOW("from {0} to {1}: {2}", true),
        LEASE_GANG_MEMBER_FAILED("node rank {0} ({1}) failed, so the whole gang fails: {2}", true),
        LEASE_QUEUE_GAVE_UP("waited in the queue until {0} without fitting: {1}", true),
        LEASE_GANG_MEMBER_NODE("node rank {0} ({1}): {2}", true),
        LEASE_GANG_MEMBER("node rank {0}: {1}", true),
        NO_NODES("no nodes are enrolled"),
        NO_NODES_IN_REGION("no nodes in region {0}"),
        REGION_SHORT_DEVICES("region {0}: none of {1} node(s) has {2} free {3}device(s) with >= {4} GiB on one node"),
        REGION_SHORT_SLOT_COMPUTE("region {0}: none of {1} node(s) has a {2}device with a free {3} slot and {4} %"
                + " compute"),
        REGION_SHORT_SLOT("region {0}: none of {1} node(s) has a {2}device with a free {3} slot"),
        REGION_SHORT_ISOLATED_COMPUTE("region {0}: none of {1} node(s) has a {2}device with room for >= {3} GiB whole"
                + " or as a MIG/vNPU slice and {4} % compute"),
        REGION_SHORT_ISOLATED("region {0}: none of {1} node(s) has a {2}device with room for >= {3} GiB whole or as a"
                + " MIG/vNPU slice"),
        REGION_SHORT_SHARED_COMPUTE("region {0}: none of {1} node(s) has a {2}device with room for >= {3} GiB whole"
                + " or as a slice and {4} % compute"),
        REGION_SHORT_SHARED("region {0}: none of {1} node(s) has a {2}device with room for >= {3} GiB whole or as a"
                + " slice"),
        NODES_UNSCHEDULABLE("{0} node(s) are draining, unhealthy or silent"),
        HOST_MEMORY_NEEDED("each node also needs >= {0} GiB of host memory left (under the FGD placement policies)"),
        GANG_SHORT("gang of {0} node(s) x {1} device(s): at most {2} node(s) in one cluster have {3} free {4}device(s)"
                + " of one model with >= {5} GiB; {6} more node(s) missing"),
        GANG_CLUSTER("cluster {0} in region {1}: {2} of {3} node(s) have {4} free {5} (missing {6})"),
        PRICE_NO_BOOKS("price: no price books have arrived from billing yet, so nothing can be checked against the"
                + " ceiling of {0} {1} per hour"),
        PRICE_TOO_DEAR("price: {0} fitting device(s) cost more than the ceiling of {1} {2} per hour (the cheapest {3}"
                + " {4} per hour)"),
        PRICE_UNPRICED("price: {0} fitting device(s) have no price in {1} yet, so they cannot be checked against the"
                + " ceiling of {2} {3} per hour"),
        // a booked quote's option taken: the quote described (whole, a kind's share, or a profile); the generic forms
        // after them
        QUOTE_WHOLE_OTHER_SLICE("quote {0} (whole {1} in {2} from {3}): the quoted option is not free"
                + " now (only another kind of slice fits there)"),
        QUOTE_SHARE_OTHER_SLICE("quote {0} ({1} share of {2} in {3} from {4}): the quoted option is not free"
                + " now (only another kind of slice fits there)"),
        QUOTE_PROFILE_OTHER_SLICE("quote {0} ({1} {2} of {3} in {4} from {5}): the quoted option is not free"
                + " now (only another kind of slice fits there)"),
        QUOTE_WHOLE_NOT_FREE("quote {0} (whole {1} in {2} from {3}): the quoted option is not free now"),
        QUOTE_SHARE_NOT_FREE("quote {0} ({1} share of {2} in {3} from {4}): the quoted option is not free now"),
        QUOTE_PROFILE_NOT_FREE("quote {0} ({1} {2} of {3} in {4} from {5}): the quoted option is not free now"),
        QUOTE_OTHER_SLICE("{0}: the quoted option is not free now (only another kind of slice fits there)"),
        QUOTE_NOT_FREE("{0}: the quoted option is not free now"),
        QUEUE_POSITION("position {0} in the queue (priority {1}); waits until {2}"),
        BUDGET_EXCEEDED("tenant budget would be exceeded: {0} GPU-hours used and {1} committed of {2} in {3}; this"
                + " lease needs {4}"),
        QUOTA_EXCEEDED_ALL_REGIONS_VENDOR("tenant quota for all regions, {0} would be exceeded: {1} device(s) held of"
                + " {2}; this lease needs {3}"),
        QUOTA_EXCEEDED_ALL_REGIONS("tenant quota for all regions would be exceeded: {0} device(s) held of {1}; this"
                + " lease needs {2}"),
        QUOTA_EXCEEDED_VENDOR("tenant quota for {0}, {1} would be exceeded: {2} device(s) held of {3}; this lease"
                + " needs {4}"),
        QUOTA_EXCEEDED("tenant quota for {0} would be exceeded: {1} device(s) held of {2}; this lease needs {3}"),
        // a quote list's reasons
        QUOTES_NONE_FREE_IN_REGION("no region has {0} free device(s) with >= {1} GiB on one node right now in {2}; a"
                + " lease request would wait in the queue"),
        QUOTES_NONE_FREE("no region has {0} free device(s) with >= {1} GiB on one node right now; a lease request"
                + " would wait in the queue"),
        QUOTES_GANG_NONE_FREE_IN_REGION("no region has {0} free device(s) with >= {1} GiB on each of {2} nodes of one"
                + " cluster right now in {3}; a lease request would wait in the queue"),
        QUOTES_GANG_NONE_FREE("no region has {0} free device(s) with >= {1} GiB on each of {2} nodes of one cluster"
                + " right now; a lease request would wait in the queue"),
        QUOTES_TOO_DEAR("price: {0} option(s) cost more than the ceiling of {1} {2} per hour (the cheapest {3} {4} per"
                + " hour)"),
        QUOTES_NO_BOOKS("price: {0} option(s) have no price in {1} (no price books have arrived from billing yet)"),
        QUOTES_UNPRICED("price: {0} option(s) have no price in {1} yet"),
        // a refusal's reasons (the problem's reasons[])
        QUOTE_ABOVE_CEILING("price: quote {0} holds {1} {2} per hour, above the ceiling of {3} {4} per hour"),
        GANG_BOOKING_LOST("the devices booked on {0} are no longer available and the whole gang fits nowhere else"
                + " now"),
        BOOKING_LOST("the devices booked on {0} are no longer available and nothing else fits now"),
        QUOTE_VALID_UNTIL("validUntil: {0}"),
        FUNDS_BALANCE("balance: {0}"),
        FUNDS_CURRENCY("currency: {0}"),
        FUNDS_EXHAUSTED_SINCE("exhaustedSince: {0}"),
        // an ended lease's reason (the lease view's reason); a nested template's last argument holds further reasons
        LEASE_RELEASED_BY_TENANT("released by tenant"),
        LEASE_TIME_UP("lease time is up"),
        LEASE_WORKLOAD_COMPLETED_EVERY_NODE("workload completed on every node"),
        LEASE_WORKLOAD_COMPLETED("workload completed"),
        LEASE_FUNDS_EXHAUSTED("prepaid funds exhausted"),
        LEASE_NODE_GONE("the node is no longer in the inventory"),
        LEASE_NODE_REVOKED("node {0} was revoked by its operator"),
        LEASE_NODE_SILENT("node {0} missed its heartbeats for more than {1} s; last heard from at {2}"),
        LEASE_DEVICE_GONE("device {0} is no longer reported by node {1}"),
        LEASE_DEVICE_CRITICAL("device {0} on node {1} reported critical health"),
        LEASE_NODE_DRAINED("node drained by operator {0} at {1}"),
        LEASE_PREEMPTED("preempted by on-demand lease {0} at priority {1}"),
        LEASE_NOT_A_NODE("node {0} was enrolled as Kubernetes node '{1}', which is not a Node of region {2}'s"
                + " cluster"),
        // the workload's own words (Kubernetes'): the last argument read as codes too (WorkloadStatus), a Pod's
        // status as its containers' reasons, an API server's answer as the cluster's own text; {0} of
        // LEASE_WORKLOAD_NOT_STARTED and LEASE_WORKLOAD_ENDED is the Pod's phase in lower case (failed, missing,
        // succeeded)
        LEASE_WORKLOAD_NOT_CREATED("workload cannot be created: {0}", Within.CLUSTER_TEXT),
        LEASE_WORKLOAD_NOT_CREATED_IN("workload could not be created within {0} s: {1}", Within.CLUSTER_TEXT),
        LEASE_WORKLOAD_NOT_STARTED_EVERY_NODE("workload did not start on every node within {0} s"),
        LEASE_WORKLOAD_NOT_STARTED_IN_BECAUSE("workload did not start within {0} s: {1}", Within.CLUSTER_TEXT),
        LEASE_WORKLOAD_NOT_STARTED_IN_DETAIL("workload did not start within {0} s ({1})", Within.POD_STATUS),
        LEASE_WORKLOAD_NOT_STARTED_IN("workload did not start within {0} s"),
        LEASE_WORKLOAD_NOT_STARTED("workload did not start: {0} {1}", Within.POD_STATUS),
        LEASE_WORKLOAD_ENDED("workload {0} {1}", Within.POD_STATUS);

        private final String english;
        private final Pattern pattern;
        private final boolean nested;
        private final Within within;

        Template(String english) {
            this(english, false);
        }

        Template(String english, boolean nested) {
            this(english, nested, nested ? Within.JOINED : Within.NONE);
        }

        Template(String english, Within within) {
            this(english, false, within);
        }

        Template(String english, boolean nested, Within within) {
            this.english = english;
            this.pattern = SentenceTemplates.patternOf(english);
            this.nested = nested;
            this.within = within;
        }

        /** Whether the last argument holds further sentences (joined by {@code "; "}), read as codes too. */
        public boolean nested() {
            return nested;
        }

        /** The code readers key their texts by: the constant's name in lower case, e.g. {@code queue_position}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The scheduler's sentence with placeholders {@code {0}}, {@code {1}}... */
        public String english() {
            return english;
        }

        /** How many arguments the sentence has. */
        public int arity() {
            return SentenceTemplates.arity(english);
        }
    }

    /** A sentence as a code and its arguments ({@link #OTHER} when no template matches). */
    public static PendingReason of(String text) {
        if (text != null) {
            for (Template t : Template.values()) {
                Matcher m = t.pattern.matcher(text);
                if (m.matches()) {
                    List<String> args = new ArrayList<>();
                    for (int i = 1; i <= m.groupCount(); i++) {
                        args.add(m.group(i));
                    }
                    String last = args.isEmpty() ? "" : args.get(args.size() - 1);
                    return new PendingReason(t.code(), args, text, switch (t.within) {
                        case JOINED -> ofJoined(last);
                        case POD_STATUS -> WorkloadStatus.of(last);
                        case CLUSTER_TEXT -> WorkloadStatus.clusterSaid(last);
                        case NONE -> List.of();
                    });
                }
            }
        }
        return new PendingReason(OTHER, List.of(), text == null ? "" : text);
    }

    /**
     * Sentences joined by {@code "; "} (an ended lease's reason may be several), each as a code: from the left, the
     * shortest run of pieces a template reads (a sentence may hold {@code "; "} itself), or for a nested template the
     * longest (its last argument holds the sentences after it); a piece that starts no such run is {@link #OTHER}.
     */
    public static List<PendingReason> ofJoined(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String[] pieces = text.split(Pattern.quote(JOINED), -1);
        List<PendingReason> reasons = new ArrayList<>();
        int from = 0;
        while (from < pieces.length) {
            PendingReason found = null;
            int to = from + 1;
            for (; to <= pieces.length; to++) {
                PendingReason r = of(String.join(JOINED, java.util.Arrays.asList(pieces).subList(from, to)));
                if (!r.code().equals(OTHER)) {
                    found = r;
                    break;
                }
            }
            if (found != null && Template.valueOf(found.code().toUpperCase(java.util.Locale.ROOT)).nested) {
                // a nested one's last argument holds the sentences after it: the longest run it reads
                for (int longest = pieces.length; longest > to; longest--) {
                    PendingReason r = of(String.join(JOINED, java.util.Arrays.asList(pieces).subList(from, longest)));
                    if (r.code().equals(found.code())) {
                        found = r;
                        to = longest;
                        break;
                    }
                }
            }
            if (found == null) {
                reasons.add(of(pieces[from]));
                from++;
            } else {
                reasons.add(found);
                from = to;
            }
        }
        return reasons;
    }

    /** Each sentence as a code and its arguments, in order. */
    public static List<PendingReason> of(List<String> texts) {
        return texts == null ? List.of() : texts.stream().map(PendingReason::of).toList();
    }
}
