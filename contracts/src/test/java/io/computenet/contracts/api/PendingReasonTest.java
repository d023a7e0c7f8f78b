package io.computenet.contracts.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PendingReasonTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "no nodes are enrolled|no_nodes|",
            "no nodes in region cn-west-gz|no_nodes_in_region|cn-west-gz",
            "region cn-east-yrd: none of 1 node(s) has 1 free device(s) with >= 8 GiB on one node"
                    + "|region_short_devices|cn-east-yrd;1;1;;8",
            "region cn-east-yrd: none of 3 node(s) has 2 free NVIDIA H100 vLLM-capable device(s) with >= 40.5 GiB on"
                    + " one node|region_short_devices|cn-east-yrd;3;2;NVIDIA H100 vLLM-capable ;40.5",
            "region cn-east-yrd: none of 1 node(s) has a device with room for >= 8 GiB whole or as a slice"
                    + "|region_short_shared|cn-east-yrd;1;;8",
            "region cn-east-yrd: none of 1 node(s) has a NVIDIA device with room for >= 8 GiB whole or as a MIG/vNPU"
                    + " slice and 30 % compute|region_short_isolated_compute|cn-east-yrd;1;NVIDIA ;8;30",
            "region cn-east-yrd: none of 2 node(s) has a device with a free 1g.10gb slot"
                    + "|region_short_slot|cn-east-yrd;2;;1g.10gb",
            "1 node(s) are draining, unhealthy or silent|nodes_unschedulable|1",
            "gang of 4 node(s) x 8 device(s): at most 2 node(s) in one cluster have 8 free NVIDIA device(s) of one"
                    + " model with >= 80 GiB; 2 more node(s) missing|gang_short|4;8;2;8;NVIDIA ;80;2",
            "cluster wuhu-1 in region cn-east-yrd: 2 of 4 node(s) have 8 free H100 (missing 2)"
                    + "|gang_cluster|wuhu-1;cn-east-yrd;2;4;8;H100;2",
            "price: 1 fitting device(s) cost more than the ceiling of 3.0 CNY per hour (the cheapest 7.6 CNY per hour)"
                    + "|price_too_dear|1;3.0;CNY;7.6;CNY",
            "price: no price books have arrived from billing yet, so nothing can be checked against the ceiling of 5"
                    + " CNY per hour|price_no_books|5;CNY",
            "price: 1 fitting device(s) have no price in CNY yet, so they cannot be checked against the ceiling of 5"
                    + " CNY per hour|price_unpriced|1;CNY;5;CNY",
            "a quote elsewhere: the quoted option is not free now|quote_not_free|a quote elsewhere",
            "position 1 in the queue (priority 100); waits until 2026-11-10T10:00:00Z"
                    + "|queue_position|1;100;2026-11-10T10:00:00Z",
            "tenant budget would be exceeded: 24.00 GPU-hours used and 20.00 committed of 100 in 2026-11; this lease"
                    + " needs 80.00|budget_exceeded|24.00;20.00;100;2026-11;80.00",
            "tenant quota for cn-east-yrd would be exceeded: 3 device(s) held of 4; this lease needs 2"
                    + "|quota_exceeded|cn-east-yrd;3;4;2",
            "tenant quota for all regions, NVIDIA would be exceeded: 3 device(s) held of 4; this lease needs 2"
                    + "|quota_exceeded_all_regions_vendor|NVIDIA;3;4;2",
            "tenant quota for all regions would be exceeded: 3 device(s) held of 4; this lease needs 2"
                    + "|quota_exceeded_all_regions|3;4;2",
            "tenant quota for cn-east-yrd, HUAWEI would be exceeded: 3 device(s) held of 4; this lease needs 2"
                    + "|quota_exceeded_vendor|cn-east-yrd;HUAWEI;3;4;2",
            "no region has 2 free device(s) with >= 80 GiB on one node right now in cn-west-gz; a lease request would"
                    + " wait in the queue|quotes_none_free_in_region|2;80;cn-west-gz",
            "no region has 2 free device(s) with >= 80 GiB on one node right now; a lease request would wait in the"
                    + " queue|quotes_none_free|2;80",
            "no region has 8 free device(s) with >= 80 GiB on each of 2 nodes of one cluster right now; a lease request"
                    + " would wait in the queue|quotes_gang_none_free|8;80;2",
            "price: 3 option(s) cost more than the ceiling of 5 CNY per hour (the cheapest 7.60 CNY per hour)"
                    + "|quotes_too_dear|3;5;CNY;7.60;CNY",
            "price: 2 option(s) have no price in CNY (no price books have arrived from billing yet)"
                    + "|quotes_no_books|2;CNY",
            "price: 2 option(s) have no price in CNY yet|quotes_unpriced|2;CNY",
            "price: quote qt-9 holds 12.00 CNY per hour, above the ceiling of 10 CNY per hour"
                    + "|quote_above_ceiling|qt-9;12.00;CNY;10;CNY",
            "quote qt-1 (whole H100 in cn-east-yrd from op-a): the quoted option is not free now"
                    + "|quote_whole_not_free|qt-1;H100;cn-east-yrd;op-a",
            "quote qt-1 (MIG 1g.10gb of H100 in cn-east-yrd from op-a): the quoted option is not free now (only"
                    + " another kind of slice fits there)|quote_profile_other_slice|qt-1;MIG;1g.10gb;H100;cn-east-yrd;op-a",
            "quote qt-1 (MPS share of L40S in cn-east-yrd from op-a): the quoted option is not free now"
                    + "|quote_share_not_free|qt-1;MPS;L40S;cn-east-yrd;op-a",
            "the devices booked on n1, n2 are no longer available and the whole gang fits nowhere else now"
                    + "|gang_booking_lost|n1, n2",
            "balance: -3.20|funds_balance|-3.20",
            "validUntil: 2026-11-10T10:00:00Z|quote_valid_until|2026-11-10T10:00:00Z",
            "released by tenant|lease_released_by_tenant|",
            "lease time is up|lease_time_up|",
            "workload completed on every node|lease_workload_completed_every_node|",
            "workload completed|lease_workload_completed|",
            "prepaid funds exhausted|lease_funds_exhausted|",
            "preempted by on-demand lease ls-9 at priority 200|lease_preempted|ls-9;200",
            "workload did not start within 300 s: forbidden by quota|lease_workload_not_started_in_because"
                    + "|300;forbidden by quota",
            "workload did not start within 300 s (ImagePullBackOff)|lease_workload_not_started_in_detail"
                    + "|300;ImagePullBackOff",
            "workload did not start within 300 s|lease_workload_not_started_in|300",
            "workload did not start: failed OOMKilled|lease_workload_not_started|failed;OOMKilled",
            "workload failed OOMKilled|lease_workload_ended|failed;OOMKilled",
            "the devices booked on n1 are no longer available and nothing else fits now|booking_lost|n1",
            "workload did not start on every node within 300 s|lease_workload_not_started_every_node|300",
            "node n1 was enrolled as Kubernetes node 'gpu-7', which is not a Node of region cn-east-yrd's cluster"
                    + "|lease_not_a_node|n1;gpu-7;cn-east-yrd",
            "node rank 2 (n3): workload failed OOMKilled|lease_gang_member_node|2;n3;workload failed OOMKilled",
            "node rank 2: node n3 was enrolled as Kubernetes node 'gpu-7', which is not a Node of region"
                    + " cn-east-yrd's cluster|lease_gang_member|2;node n3 was enrolled as Kubernetes node 'gpu-7',"
                    + " which is not a Node of region cn-east-yrd's cluster"})
    void readsTheSchedulersSentenceAsACodeWithItsArguments(String text, String code, String args) {
        // when
        PendingReason reason = PendingReason.of(text);

        // then
        assertThat(reason.code()).isEqualTo(code);
        assertThat(reason.args()).containsExactlyElementsOf(args == null ? List.of()
                : Arrays.asList(args.split(";", -1)));
        assertThat(reason.text()).isEqualTo(text);
    }

    @Test
    void aQuoteListCarriesItsReasonsAsCodes() throws Exception {
        // given
        Quote.QuoteList list = new Quote.QuoteList(List.of(), List.of("price: 2 option(s) have no price in CNY yet"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        // when
        String written = json.writeValueAsString(list);

        // then: answered, and taken as derived by a strict reader
        assertThat(json.readTree(written).path("reasonCodes").get(0).path("code").asText())
                .isEqualTo("quotes_unpriced");
        assertThat(json.readValue(written, Quote.QuoteList.class)).isEqualTo(list);
    }

    @Test
    void readsAnAdvanceBookingsWindowWithItsReasonWithin() {
        // when
        PendingReason reason = PendingReason.of("from 2026-11-10T10:00:00Z to 2026-11-10T12:00:00Z: tenant quota for"
                + " cn-east-yrd would be exceeded: 3 device(s) held of 4; this lease needs 2");

        // then
        assertThat(reason.code()).isEqualTo("window");
        assertThat(reason.args()).startsWith("2026-11-10T10:00:00Z", "2026-11-10T12:00:00Z");
        assertThat(reason.within()).containsExactly(new PendingReason("quota_exceeded", List.of("cn-east-yrd", "3",
                "4", "2"), "tenant quota for cn-east-yrd would be exceeded: 3 device(s) held of 4; this lease needs 2"));
    }

    @Test
    void readsAQueuedLeasesLastReasonsEachOnItsOwnThoughOneHoldsTheSeparatorItself() {
        // given: what the queue writes when a lease waited too long (its pending reasons joined by "; ")
        String ended = "waited in the queue until 2026-11-10T10:00:00Z without fitting: no nodes in region cn-west-gz;"
                + " tenant quota for cn-east-yrd would be exceeded: 3 device(s) held of 4; this lease needs 2; the"
                + " moon is in the wrong phase";

        // when
        List<PendingReason> reasons = PendingReason.ofJoined(ended);

        // then
        assertThat(reasons).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("lease_queue_gave_up");
            assertThat(r.within()).extracting(PendingReason::code)
                    .containsExactly("no_nodes_in_region", "quota_exceeded", PendingReason.OTHER);
            assertThat(r.within().get(2).text()).isEqualTo("the moon is in the wrong phase");
        });
    }

    @Test
    void readsSeveralJoinedRefusalsAndNoneFromNothing() {
        assertThat(PendingReason.ofJoined("no nodes are enrolled; price: 2 option(s) have no price in CNY yet"))
                .extracting(PendingReason::code).containsExactly("no_nodes", "quotes_unpriced");
        assertThat(PendingReason.ofJoined(null)).isEmpty();
        assertThat(PendingReason.ofJoined("")).isEmpty();
    }

    @Test
    void aLeaseViewCarriesItsEndReasonAsCodes() throws Exception {
        // given
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        com.fasterxml.jackson.databind.node.ObjectNode view = json.createObjectNode()
                .put("leaseId", "ls-1").put("reason", "node drained by operator op-alice at 2026-11-10T10:00:00Z;"
                        + " from 2026-11-10T10:00:00Z to 2026-11-10T12:00:00Z: no nodes are enrolled");

        // when
        LeaseView read = json.treeToValue(view, LeaseView.class);
        String written = json.writeValueAsString(read);
        com.fasterxml.jackson.databind.JsonNode codes = json.readTree(written).path("reasonCodes");

        // then: answered with the reasons within a nested one, and taken as derived by a strict reader
        assertThat(codes.get(0).path("code").asText()).isEqualTo("lease_node_drained");
        assertThat(codes.get(0).path("args").get(0).asText()).isEqualTo("op-alice");
        assertThat(codes.get(0).has("within")).isFalse();
        assertThat(codes.get(1).path("within").get(0).path("code").asText()).isEqualTo("no_nodes");
        assertThat(json.readValue(written, LeaseView.class)).isEqualTo(read);
    }

    @Test
    void keepsASentenceNoTemplateKnowsAsOtherWithItsText() {
        assertThat(PendingReason.of("the moon is in the wrong phase"))
                .isEqualTo(new PendingReason(PendingReason.OTHER, List.of(), "the moon is in the wrong phase"));
        assertThat(PendingReason.of((List<String>) null)).isEmpty();
    }

    @Test
    void eachTemplateFillsBackToItsOwnSentence() {
        // given: every template with numbered arguments
        for (PendingReason.Template t : PendingReason.Template.values()) {
            String filled = t.english();
            for (int i = 0; i < t.arity(); i++) {
                filled = filled.replace("{" + i + "}", "a" + i);
            }
            // when / then: it is read back as itself (no earlier template shadows it)
            assertThat(PendingReason.of(filled).code()).as(filled).isEqualTo(t.code());
        }
        Map<String, Long> codes = Arrays.stream(PendingReason.Template.values())
                .collect(Collectors.groupingBy(PendingReason.Template::code, Collectors.counting()));
        assertThat(codes.values()).containsOnly(1L);
    }

    @Test
    void aLeaseViewCarriesItsPendingReasonsAsCodes() {
        // given
        LeaseView view = new LeaseView("ls-1", "t", null, null, 1, null, null, null, null, null, null, List.of(),
                null, null, null, null, null, 60, null, 0, false, null,
                List.of("no nodes are enrolled", "position 2 in the queue (priority 0); waits until null"), null, null,
                null, null, null, null, null, null, null, null, null, null, null, 1, 1, null, List.of(), null);

        // then
        assertThat(view.pendingReasonCodes()).extracting(PendingReason::code)
                .containsExactly("no_nodes", "queue_position");
    }

    @Test
    void theCodesAreAnsweredAndAStrictReaderOfTheViewTakesThemAsDerived() throws Exception {
        // given: a strict reader, as the portal reads the scheduler's answer
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        LeaseView view = new LeaseView("ls-1", "t", null, null, 1, null, null, null, null, null, null, List.of(),
                null, null, null, null, null, 60, null, 0, false, null, List.of("no nodes in region cn-west-gz"),
                null, null, null, null, null, null, null, null, null, null, null, null, null, 1, 1, null,
                List.of(), null);

        // when
        String written = json.writeValueAsString(view);
        LeaseView read = json.readValue(written, LeaseView.class);

        // then
        assertThat(json.readTree(written).path("pendingReasonCodes").get(0).path("args").get(0).asText())
                .isEqualTo("cn-west-gz");
        assertThat(read).isEqualTo(view);
    }
}
