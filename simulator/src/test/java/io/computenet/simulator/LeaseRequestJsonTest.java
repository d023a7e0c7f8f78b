package io.computenet.simulator;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.policy.GpuTask;
import io.computenet.placement.policy.ModelConstraint;
import io.computenet.placement.policy.NodeState;
import io.computenet.placement.policy.TaskShape;
import io.computenet.simulator.Fleet.GpuModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.computenet.simulator.InventoryJsonTest.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseRequestJsonTest {

    /** H100 (80 GiB, NVIDIA), RTX 4090 (24 GiB, NVIDIA), Ascend 910B3 (64 GiB). */
    private static final Fleet FLEET = new Fleet(List.of(
            NodeState.empty("h", "H100", 1000, 1000, 8),
            NodeState.empty("r", "RTX4090", 1000, 1000, 4),
            NodeState.empty("a", "Ascend910B3", 1000, 1000, 8)),
            Map.of("H100", new GpuModel("H100", Vendor.NVIDIA, 81559),
                    "RTX4090", new GpuModel("RTX4090", Vendor.NVIDIA, 24564),
                    "Ascend910B3", new GpuModel("Ascend910B3", Vendor.HUAWEI_ASCEND, 65536)),
            true, List.of());

    private static TaskShape shape(String request) {
        return LeaseRequestJson.parse("r.json", q(request), FLEET).tasks().get(0).shape();
    }

    @Test
    void readsJsonLinesAndAJsonArrayAlike() {
        // given
        String lines = q("{'memoryGiB':16,'deviceCount':1}\n{'memoryGiB':16,'deviceCount':2}\n");
        String array = q("[\n {'memoryGiB':16,'deviceCount':1},\n {'memoryGiB':16,'deviceCount':2}\n]");

        // when
        List<GpuTask> fromLines = LeaseRequestJson.parse("r.jsonl", lines, FLEET).tasks();
        List<GpuTask> fromArray = LeaseRequestJson.parse("r.json", array, FLEET).tasks();

        // then
        assertThat(fromLines).extracting(t -> t.shape().gpuCount()).containsExactly(1, 2);
        assertThat(fromArray).isEqualTo(fromLines);
    }

    @Test
    void aRequestOfTheSchedulersApiWithoutExtrasIsWholeGpusOfAnyModelAndNoHostResources() {
        // given the body the portal forwards
        String request = "{'tenantId':'t1','memoryGiB':8,'deviceCount':2,'workloadClass':'TRAINING',"
                + "'durationMinutes':60,'image':'pytorch:2.4','command':['python','train.py'],'priority':100,"
                + "'maxWaitMinutes':0,'interruptible':false}";

        // when
        GpuTask task = LeaseRequestJson.parse("r.json", q(request), FLEET).tasks().get(0);

        // then
        assertThat(task.shape()).isEqualTo(new TaskShape(0, 1000, 2, ModelConstraint.ANY));
        assertThat(task.memoryMiB()).isZero();
    }

    @Test
    void countRepeatsARequestIntoARequestMixInFileOrder() {
        // given
        String mix = "{'memoryGiB':16,'deviceCount':1,'computePct':25,'count':3}\n{'memoryGiB':16,'deviceCount':8}";

        // when
        LeaseRequestJson.Requests r = LeaseRequestJson.parse("mix.jsonl", q(mix), FLEET);

        // then
        assertThat(r.tasks()).hasSize(4);
        assertThat(r.tasks()).extracting(t -> t.shape().gpuDemandMilli()).containsExactly(250L, 250L, 250L, 8000L);
        assertThat(Workload.byName(r.tasks())).isEqualTo(r.tasks());
        assertThat(r.notes()).first().isEqualTo("tasks mix.jsonl: 2 lease request(s) -> 4 task(s)");
    }

    @Test
    void computePctMakesAOneDeviceRequestAShareOfOneGpu() {
        assertThat(shape("{'memoryGiB':10,'deviceCount':1,'computePct':30}").gpuMilli()).isEqualTo(300);
        assertThat(shape("{'memoryGiB':10,'deviceCount':1,'computePct':30}").isSharing()).isTrue();
        assertThat(shape("{'memoryGiB':10,'deviceCount':1}").isWholeGpu()).isTrue();
        assertThat(shape("{'memoryGiB':10,'deviceCount':4,'computePct':100}").gpuDemandMilli()).isEqualTo(4000);
    }

    @Test
    void hostCpuAndMemoryComeFromTheirOwnFields() {
        // when
        GpuTask task = LeaseRequestJson.parse("r.json",
                q("{'memoryGiB':10,'deviceCount':1,'cpuMilli':4000,'hostMemoryMiB':16384}"), FLEET).tasks().get(0);

        // then
        assertThat(task.shape().cpuMilli()).isEqualTo(4000);
        assertThat(task.memoryMiB()).isEqualTo(16384);
    }

    @Test
    void memoryGiBKeepsTheModelsWhoseDevicesAllHaveThatMuch() {
        assertThat(shape("{'memoryGiB':23.9,'deviceCount':1}").models()).isEqualTo(ModelConstraint.ANY);
        // a "24 GB" RTX 4090 reports 24564 MiB: less than 24 GiB
        assertThat(shape("{'memoryGiB':24,'deviceCount':1}").models().models())
                .containsExactlyInAnyOrder("H100", "Ascend910B3");
        assertThat(shape("{'memoryGiB':64,'deviceCount':1}").models().models())
                .containsExactlyInAnyOrder("H100", "Ascend910B3");
        // 64.01 GiB rounds up to 65547 MiB, more than the 910B3's 65536
        assertThat(shape("{'memoryGiB':64.01,'deviceCount':1}").models().models()).containsExactly("H100");
    }

    @Test
    void vendorAndModelNarrowTheModelsFurther() {
        assertThat(shape("{'memoryGiB':1,'deviceCount':1,'vendor':'NVIDIA'}").models())
                .isEqualTo(ModelConstraint.parse("H100|RTX4090"));
        assertThat(shape("{'memoryGiB':1,'deviceCount':1,'vendor':'HUAWEI_ASCEND'}").models().models())
                .containsExactly("Ascend910B3");
        assertThat(shape("{'memoryGiB':30,'deviceCount':1,'model':'RTX4090|H100'}").models().models())
                .containsExactly("H100");
        assertThat(shape("{'memoryGiB':1,'deviceCount':1,'model':'H100|RTX4090|Ascend910B3'}").models().isAny())
                .isTrue();
    }

    @Test
    void aRequestNoModelCanServeIsKeptToFailAndCountedInANote() {
        // given 100 GiB (more than any device), an Ascend with 80 GiB, a model the fleet does not have
        String json = "{'memoryGiB':100,'deviceCount':1}\n{'memoryGiB':80,'deviceCount':1,'vendor':'HUAWEI_ASCEND'}\n"
                + "{'memoryGiB':1,'deviceCount':1,'model':'B200','count':5}";

        // when
        LeaseRequestJson.Requests r = LeaseRequestJson.parse("r.jsonl", q(json), FLEET);

        // then
        assertThat(r.tasks()).allSatisfy(t -> assertThat(FLEET.nodes()).noneMatch(n -> n.fits(t)));
        assertThat(r.notes()).contains("3 lease request(s) (7 task(s)) fit no GPU model of the fleet "
                + "(memoryGiB, vendor, model): they will fail");
    }

    @Test
    void withACsvNodeFileOnlyTheModelFieldConstrainsAndANoteSaysSo() {
        // given a fleet read from CSV: model names only
        Fleet csv = Fleet.ofCsv(List.of(NodeState.empty("n", "T4", 1000, 1000, 2),
                NodeState.empty("m", "V100M32", 1000, 1000, 2)));

        // when
        LeaseRequestJson.Requests r = LeaseRequestJson.parse("r.jsonl", q("{'memoryGiB':500,'deviceCount':1,"
                + "'vendor':'CAMBRICON'}\n{'memoryGiB':1,'deviceCount':1,'model':'T4'}"), csv);

        // then
        assertThat(r.tasks().get(0).shape().models().isAny()).isTrue();
        assertThat(r.tasks().get(1).shape().models().models()).containsExactly("T4");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("memoryGiB and vendor are not checked"));
    }

    @Test
    void aRegionIsIgnoredWithANote() {
        // when
        LeaseRequestJson.Requests r = LeaseRequestJson.parse("r.json",
                q("{'memoryGiB':1,'deviceCount':1,'region':'eu-central'}"), FLEET);

        // then
        assertThat(r.tasks().get(0).shape().models().isAny()).isTrue();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("1 lease request(s) name a region: ignored"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("deviceCount 0", "{'memoryGiB':16,'deviceCount':0}",
                        "deviceCount must be within 1..16, was 0"),
                Arguments.of("deviceCount above the API's 16", "{'memoryGiB':16,'deviceCount':17}",
                        "deviceCount must be within 1..16, was 17"),
                Arguments.of("missing deviceCount", "{'memoryGiB':16}", "missing deviceCount"),
                Arguments.of("deviceCount as a string", "{'memoryGiB':16,'deviceCount':'2'}",
                        "deviceCount must be a whole number, was \"2\""),
                Arguments.of("negative memory", "{'memoryGiB':-8,'deviceCount':1}",
                        "memoryGiB must be within 0.25..1024, was -8"),
                Arguments.of("memory below the API's minimum", "{'memoryGiB':0.1,'deviceCount':1}",
                        "memoryGiB must be within 0.25..1024, was 0.1"),
                Arguments.of("missing memory", "{'deviceCount':1}", "missing memoryGiB"),
                Arguments.of("memory as a string", "{'memoryGiB':'16GiB','deviceCount':1}",
                        "memoryGiB must be a number, was \"16GiB\""),
                Arguments.of("computePct 0", "{'memoryGiB':16,'deviceCount':1,'computePct':0}",
                        "computePct must be within 1..100, was 0"),
                Arguments.of("computePct above 100", "{'memoryGiB':16,'deviceCount':1,'computePct':150}",
                        "computePct must be within 1..100, was 150"),
                Arguments.of("a share of several GPUs", "{'memoryGiB':16,'deviceCount':2,'computePct':50}",
                        "computePct 50 with deviceCount 2: a share can only be of one GPU"),
                Arguments.of("unknown vendor", "{'memoryGiB':16,'deviceCount':1,'vendor':'AMD'}",
                        "vendor must be one of [NVIDIA, HUAWEI_ASCEND, CAMBRICON], was \"AMD\""),
                Arguments.of("unknown workload class", "{'memoryGiB':16,'deviceCount':1,'workloadClass':'GAMING'}",
                        "workloadClass must be one of [INFERENCE, TRAINING, BATCH], was \"GAMING\""),
                Arguments.of("model as a number", "{'memoryGiB':16,'deviceCount':1,'model':4090}",
                        "model must be a string, was 4090"),
                Arguments.of("misspelt field", "{'memoryGiB':16,'deviceCount':1,'computepct':50}",
                        "unknown field 'computepct' (a lease request has [command, computePct, count,"),
                Arguments.of("count 0", "{'memoryGiB':16,'deviceCount':1,'count':0}",
                        "count must be within 1..1000000, was 0"),
                Arguments.of("negative cpu", "{'memoryGiB':16,'deviceCount':1,'cpuMilli':-1}",
                        "cpuMilli must be within 0..1000000000000, was -1"),
                Arguments.of("a field twice", "{'memoryGiB':16,'deviceCount':1,'deviceCount':2}",
                        "malformed JSON (JSON Lines: one complete record per line): Duplicate field 'deviceCount'"),
                Arguments.of("an array on a line", "[{'memoryGiB':16,'deviceCount':1}]",
                        "expected a JSON object, found an array"),
                Arguments.of("malformed JSON", "{'memoryGiB':16,'deviceCount':1",
                        "malformed JSON (JSON Lines: one complete record per line): Unexpected end-of-input"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputNamesFileAndLine(String what, String badLine, String message) {
        // given good requests on lines 1 and 2, the bad one on line 3
        String json = q("{'memoryGiB':16,'deviceCount':1}\n{'memoryGiB':16,'deviceCount':2}\n" + badLine + "\n");

        // when / then
        assertThatThrownBy(() -> LeaseRequestJson.parse("requests.jsonl", json, FLEET))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("requests.jsonl:3: " + message);
    }

    @Test
    void aMixPastTheTaskBoundIsRejectedAtTheRequestThatPassesIt() {
        // given
        String json = q("{'memoryGiB':1,'deviceCount':1,'count':600000}\n"
                + "{'memoryGiB':1,'deviceCount':1,'count':600000}");

        // when / then
        assertThatThrownBy(() -> LeaseRequestJson.parse("mix.jsonl", json, FLEET))
                .hasMessageStartingWith("mix.jsonl:2: the request mix passes 1000000 tasks");
    }
}
