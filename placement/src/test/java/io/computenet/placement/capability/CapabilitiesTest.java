package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.computenet.placement.capability.Framework.CANN;
import static io.computenet.placement.capability.Framework.CUDA;
import static io.computenet.placement.capability.Framework.DEEPSPEED;
import static io.computenet.placement.capability.Framework.MINDIE;
import static io.computenet.placement.capability.Framework.MINDSPORE;
import static io.computenet.placement.capability.Framework.NEUWARE;
import static io.computenet.placement.capability.Framework.PYTORCH;
import static io.computenet.placement.capability.Framework.SGLANG;
import static io.computenet.placement.capability.Framework.TENSORRT_LLM;
import static io.computenet.placement.capability.Framework.TRITON;
import static io.computenet.placement.capability.Framework.VLLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapabilitiesTest {

    private static final Set<Framework> NVIDIA_ALL =
            Set.of(CUDA, PYTORCH, DEEPSPEED, VLLM, SGLANG, TENSORRT_LLM, TRITON);
    private static final Set<Framework> NVIDIA_VOLTA = Set.of(CUDA, PYTORCH, DEEPSPEED, VLLM, TRITON);
    private static final Set<Framework> ASCEND_ALL = Set.of(CANN, PYTORCH, MINDSPORE, DEEPSPEED, VLLM, SGLANG, MINDIE);
    private static final Set<Framework> CAMBRICON_ALL = Set.of(NEUWARE, PYTORCH, DEEPSPEED, VLLM);

    /**
     * Every row of the table, found by the name its node agent reports (or the tool prints): vendor, reported name,
     * row, dense TFLOPS the figure is based on (blank when unknown), figure, interconnect.
     */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "NVIDIA        | NVIDIA B200                | B200             | 2250   | published | NVLINK",
            "NVIDIA        | NVIDIA H200 NVL            | H200 NVL         | 835.5  | published | NVLINK",
            "NVIDIA        | H200                       | H200 SXM         | 989.4  | published | NVLINK",
            "NVIDIA        | NVIDIA H100 NVL            | H100 NVL         | 835.5  | published | NVLINK",
            "NVIDIA        | NVIDIA H100 PCIe           | H100 PCIe        | 756.5  | published | PCIE",
            "NVIDIA        | H100 80GB HBM3             | H100 SXM5        | 989.4  | published | NVLINK",
            "NVIDIA        | NVIDIA H800 PCIe           | H800 PCIe        | 756.5  | published | PCIE",
            "NVIDIA        | NVIDIA H800                | H800 SXM5        | 989.4  | published | NVLINK",
            "NVIDIA        | NVIDIA H20                 | H20              | 148    | estimate  | NVLINK",
            "NVIDIA        | NVIDIA A800 80GB PCIe      | A800 PCIe        | 312    | published | PCIE",
            "NVIDIA        | NVIDIA A800-SXM4-80GB      | A800 SXM4        | 312    | published | NVLINK",
            "NVIDIA        | NVIDIA A100 80GB PCIe      | A100 PCIe        | 312    | published | PCIE",
            "NVIDIA        | A100-SXM4-80GB             | A100 SXM4        | 312    | published | NVLINK",
            "NVIDIA        | NVIDIA A30                 | A30              | 165    | published | PCIE",
            "NVIDIA        | NVIDIA A10                 | A10              | 125    | published | PCIE",
            "NVIDIA        | NVIDIA L40S                | L40S             | 362.05 | published | PCIE",
            "NVIDIA        | NVIDIA L20                 | L20              | 119.5  | estimate  | PCIE",
            "NVIDIA        | NVIDIA L4                  | L4               | 121    | published | PCIE",
            "NVIDIA        | GeForce RTX 4090           | GeForce RTX 4090 | 165.2  | published | PCIE",
            "NVIDIA        | Tesla V100-PCIE-32GB       | V100 PCIe        | 112    | published | PCIE",
            "NVIDIA        | V100-SXM2-32GB             | V100 SXM2        | 125    | published | NVLINK",
            "HUAWEI_ASCEND | Ascend910B2                | Ascend910B2      | 376    | estimate  | HCCS",
            "HUAWEI_ASCEND | Ascend910B3                | Ascend910B3      | 313    | estimate  | HCCS",
            "HUAWEI_ASCEND | Ascend910B4-1              | Ascend910B4-1    | 280    | estimate  | HCCS",
            "HUAWEI_ASCEND | Ascend910B4                | Ascend910B4      | 280    | estimate  | HCCS",
            "HUAWEI_ASCEND | Ascend910C                 | Ascend910C       | 376    | published | HCCS",
            "HUAWEI_ASCEND | Ascend910                  | Ascend910        | 256    | published | HCCS",
            "HUAWEI_ASCEND | Ascend310P3                | Ascend310P3      | 70     | published | PCIE",
            "CAMBRICON     | MLU370-X8                  | MLU370-X8        | 48     | estimate  | MLU_LINK",
            "CAMBRICON     | MLU370-X4                  | MLU370-X4        | 96     | published | PCIE",
            "CAMBRICON     | MLU590-H8                  | MLU590           | -      | unknown   | MLU_LINK"})
    void everyModelInTheTableIsFoundByItsReportedName(Vendor vendor, String reported, String row, Double denseTflops,
                                                      String figure, Interconnect interconnect) {
        // when the reported model is looked up
        Capability capability = Capabilities.of(vendor, reported);

        // then it is the table's row, with its figure relative to an A100's 312 TFLOPS
        assertThat(Capabilities.find(vendor, reported)).contains(capability);
        assertThat(capability.vendor()).isEqualTo(vendor);
        assertThat(capability.model()).isEqualTo(row);
        assertThat(capability.interconnect()).isEqualTo(interconnect);
        assertThat(capability.toolkit()).isEqualTo(Framework.toolkitOf(vendor));
        assertThat(capability.computeKnown()).isEqualTo(denseTflops != null);
        if (denseTflops != null) {
            assertThat(capability.relativeCompute().getAsDouble()).isCloseTo(denseTflops / 312, within(1e-9));
        }
        assertThat(capability.computeEstimated()).isEqualTo(figure.equals("estimate"));
    }

    @Test
    void theTestAboveCoversEveryRow() {
        // given the rows the parameterized test names
        Set<String> tested = Set.of("B200", "H200 NVL", "H200 SXM", "H100 NVL", "H100 PCIe", "H100 SXM5", "H800 PCIe",
                "H800 SXM5", "H20", "A800 PCIe", "A800 SXM4", "A100 PCIe", "A100 SXM4", "A30", "A10", "L40S", "L20",
                "L4", "GeForce RTX 4090", "V100 PCIe", "V100 SXM2", "Ascend910B2", "Ascend910B3", "Ascend910B4-1",
                "Ascend910B4", "Ascend910C", "Ascend910", "Ascend310P3", "MLU370-X8", "MLU370-X4", "MLU590");

        // when the table is listed, then it has exactly those rows, each once
        List<String> rows = Capabilities.all().stream().map(Capability::model).toList();
        assertThat(rows).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(tested);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // nvidia-smi prints an "NVIDIA " (older: "Tesla ") prefix the node agent strips; both must match
            "NVIDIA        | NVIDIA H100 80GB HBM3      | H100 SXM5",
            "NVIDIA        | nvidia h100 80gb hbm3      | H100 SXM5",
            "NVIDIA        | H100 SXM5 80GB             | H100 SXM5",
            "NVIDIA        | H100 PCIe                  | H100 PCIe",
            "NVIDIA        | H100 NVL                   | H100 NVL",
            "NVIDIA        | NVIDIA A100-SXM4-80GB      | A100 SXM4",
            "NVIDIA        | NVIDIA A100-SXM4-40GB      | A100 SXM4",
            "NVIDIA        | a100-sxm4-80gb             | A100 SXM4",
            "NVIDIA        | NVIDIA A100-PCIE-40GB      | A100 PCIe",
            "NVIDIA        | A100 80GB PCIe             | A100 PCIe",
            "NVIDIA        | NVIDIA H200                | H200 SXM",
            "NVIDIA        | h200                       | H200 SXM",
            "NVIDIA        | H200 NVL                   | H200 NVL",
            "NVIDIA        | NVIDIA GeForce RTX 4090    | GeForce RTX 4090",
            "NVIDIA        | RTX 4090                   | GeForce RTX 4090",
            "NVIDIA        | geforce rtx 4090           | GeForce RTX 4090",
            "NVIDIA        | Tesla V100-SXM2-32GB       | V100 SXM2",
            "NVIDIA        | V100-SXM2-16GB             | V100 SXM2",
            "NVIDIA        | Tesla V100-PCIE-16GB       | V100 PCIe",
            "NVIDIA        | A800 80GB PCIe             | A800 PCIe",
            "NVIDIA        | H800                       | H800 SXM5",
            "NVIDIA        | H20                        | H20",
            "NVIDIA        | NVIDIA H20 96GB            | H20",
            "NVIDIA        | B200                       | B200",
            "NVIDIA        | L40S                       | L40S",
            // npu-smi prints "910B3"; the node agent reports "Ascend910B3"
            "HUAWEI_ASCEND | 910B3                      | Ascend910B3",
            "HUAWEI_ASCEND | ascend910b3                | Ascend910B3",
            "HUAWEI_ASCEND | Ascend 910B3               | Ascend910B3",
            "HUAWEI_ASCEND | Huawei Ascend910B3         | Ascend910B3",
            "HUAWEI_ASCEND | 910B2                      | Ascend910B2",
            "HUAWEI_ASCEND | 910B4                      | Ascend910B4",
            "HUAWEI_ASCEND | 910B4-1                    | Ascend910B4-1",
            "HUAWEI_ASCEND | 910C                       | Ascend910C",
            "HUAWEI_ASCEND | 910                        | Ascend910",
            "HUAWEI_ASCEND | 910A                       | Ascend910",
            "HUAWEI_ASCEND | Ascend910ProB              | Ascend910",
            "HUAWEI_ASCEND | 310P3                      | Ascend310P3",
            "CAMBRICON     | mlu370-x8                  | MLU370-X8",
            "CAMBRICON     | MLU370 X8                  | MLU370-X8",
            "CAMBRICON     | Cambricon MLU370-X8        | MLU370-X8",
            "CAMBRICON     | MLU370-X4                  | MLU370-X4",
            "CAMBRICON     | MLU590                     | MLU590",
            "CAMBRICON     | MLU590-M9                  | MLU590"})
    void matchesTheVariantsTheToolsPrint(Vendor vendor, String reported, String row) {
        // when a variant of a model name is looked up, then it finds the model's row
        assertThat(Capabilities.find(vendor, reported)).map(Capability::model).contains(row);
    }

    static Stream<Arguments> modelsTheFleetReports() {
        // the simulated fleet (node-agent FleetSimulator), the parser fixtures and the demo price book
        return Stream.of(
                Arguments.of(Vendor.NVIDIA, "H100 80GB HBM3"),
                Arguments.of(Vendor.NVIDIA, "A100-SXM4-80GB"),
                Arguments.of(Vendor.NVIDIA, "GeForce RTX 4090"),
                Arguments.of(Vendor.NVIDIA, "H200"),
                Arguments.of(Vendor.NVIDIA, "V100-SXM2-32GB"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend910B3"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend910B2"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend910B4"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend910B4-1"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend910C"),
                Arguments.of(Vendor.HUAWEI_ASCEND, "Ascend310P3"),
                Arguments.of(Vendor.CAMBRICON, "MLU370-X8"),
                Arguments.of(Vendor.CAMBRICON, "MLU370-X4"),
                Arguments.of(Vendor.CAMBRICON, "MLU590-H8"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void modelsTheFleetReports(Vendor vendor, String model) {
        // when a model ComputeNet's own agents report is looked up, then the table knows it
        assertThat(Capabilities.find(vendor, model)).as(model).isPresent();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "NVIDIA        | NVIDIA GeForce RTX 4090 D",
            "NVIDIA        | Tesla T4",
            "NVIDIA        | NVIDIA GH200 480GB",
            "NVIDIA        | NVIDIA L40",
            "NVIDIA        | NVIDIA A10G",
            "NVIDIA        | Tesla V100S-PCIE-32GB",
            "NVIDIA        | NVIDIA RTX 6000 Ada Generation",
            "HUAWEI_ASCEND | Ascend910B1",
            "HUAWEI_ASCEND | Ascend310B4",
            "HUAWEI_ASCEND | Ascend950PR",
            "CAMBRICON     | MLU270-X5K",
            "CAMBRICON     | MLU370-S4"})
    void anUnknownModelGetsItsVendorsDefaultsAndNoComputeFigure(Vendor vendor, String model) {
        // when a model the table lacks is looked up
        Capability capability = Capabilities.of(vendor, model);

        // then it keeps its reported name, runs what its vendor's devices run, and has no invented figure
        assertThat(Capabilities.find(vendor, model)).isEmpty();
        assertThat(capability.vendor()).isEqualTo(vendor);
        assertThat(capability.model()).isEqualTo(model);
        assertThat(capability.toolkit()).isEqualTo(Framework.toolkitOf(vendor));
        assertThat(capability.frameworks()).isEqualTo(Capabilities.defaultFrameworks(vendor));
        assertThat(capability.relativeCompute()).isEmpty();
        assertThat(capability.computeKnown()).isFalse();
        assertThat(capability.computeEstimated()).isFalse();
        assertThat(capability.computeFor(0.5)).isEmpty();
        assertThat(capability.interconnect()).isEqualTo(Interconnect.PCIE);
    }

    @Test
    void eachRowRunsItsDocumentedFrameworks() {
        // when each row's frameworks are listed, then only the documented exceptions differ from the vendor default
        for (Capability c : Capabilities.all()) {
            Set<Framework> expected = switch (c.model()) {
                case "V100 PCIe", "V100 SXM2" -> NVIDIA_VOLTA;
                case "Ascend910" -> Set.of(CANN, PYTORCH, MINDSPORE, DEEPSPEED);
                case "Ascend310P3" -> Set.of(CANN, PYTORCH, MINDSPORE, VLLM, MINDIE);
                default -> switch (c.vendor()) {
                    case NVIDIA -> NVIDIA_ALL;
                    case HUAWEI_ASCEND -> ASCEND_ALL;
                    case CAMBRICON -> CAMBRICON_ALL;
                };
            };
            assertThat(c.frameworks()).as(c.model()).isEqualTo(expected);
        }
    }

    @Test
    void theVendorDefaultsAreEverythingBuiltOnTheVendorsToolkit() {
        // when the defaults are asked for, then NVIDIA gets every CUDA-based stack, and so on
        assertThat(Capabilities.defaultFrameworks(Vendor.NVIDIA)).isEqualTo(NVIDIA_ALL);
        assertThat(Capabilities.defaultFrameworks(Vendor.HUAWEI_ASCEND)).isEqualTo(ASCEND_ALL);
        assertThat(Capabilities.defaultFrameworks(Vendor.CAMBRICON)).isEqualTo(CAMBRICON_ALL);
        assertThatThrownBy(() -> Capabilities.defaultFrameworks(Vendor.NVIDIA).add(MINDIE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{1} reported under {0}")
    @CsvSource(delimiter = '|', value = {
            "HUAWEI_ASCEND | H100 80GB HBM3",
            "CAMBRICON     | A100-SXM4-80GB",
            "NVIDIA        | Ascend910B3",
            "NVIDIA        | MLU370-X8",
            "CAMBRICON     | Ascend910B3",
            "HUAWEI_ASCEND | MLU590-H8"})
    void aModelReportedUnderAnotherVendorIsThatVendorsUnknownModel(Vendor vendor, String model) {
        // when another vendor's model name arrives under this vendor
        Capability capability = Capabilities.of(vendor, model);

        // then no other vendor's row is borrowed: it is an uncatalogued model of the reporting vendor
        assertThat(Capabilities.find(vendor, model)).isEmpty();
        assertThat(capability.toolkit()).isEqualTo(Framework.toolkitOf(vendor));
        assertThat(capability.frameworks()).isEqualTo(Capabilities.defaultFrameworks(vendor));
        assertThat(capability.relativeCompute()).isEmpty();
    }

    @Test
    void vllmRunsOnAllThreeVendors() {
        // when the simulated fleet's models of every vendor are asked whether they run vLLM
        Map<Vendor, Boolean> vllmByVendor = Stream.of(
                        Capabilities.of(Vendor.NVIDIA, "H100 80GB HBM3"),
                        Capabilities.of(Vendor.HUAWEI_ASCEND, "Ascend910B3"),
                        Capabilities.of(Vendor.CAMBRICON, "MLU370-X8"))
                .collect(Collectors.toMap(Capability::vendor, c -> c.supports(VLLM)));

        // then each vendor has a device that does, and so does an unknown model of each vendor
        assertThat(vllmByVendor).containsOnlyKeys(Vendor.values()).doesNotContainValue(false);
        assertThat(Arrays.stream(Vendor.values()).map(v -> Capabilities.of(v, "next year's model")))
                .allMatch(c -> c.supports(VLLM));
    }

    @Test
    void vllmRunsOnEveryModelButTheFirstGenerationAscend910() {
        // when the table is asked which models lack vLLM, then only the 910 that vllm-ascend does not support
        assertThat(Capabilities.all().stream().filter(c -> !c.supports(VLLM)).map(Capability::model))
                .containsExactly("Ascend910");
    }

    @Test
    void tensorRtLlmRunsOnlyOnNvidia() {
        // when every row and every vendor's default is asked about TensorRT-LLM
        // then only NVIDIA devices run it, all of them from Ampere on
        assertThat(Capabilities.all()).filteredOn(c -> c.supports(TENSORRT_LLM))
                .isNotEmpty().allMatch(c -> c.vendor() == Vendor.NVIDIA);
        assertThat(Capabilities.all()).filteredOn(c -> c.vendor() == Vendor.NVIDIA && !c.supports(TENSORRT_LLM))
                .extracting(Capability::model).containsExactlyInAnyOrder("V100 PCIe", "V100 SXM2");
        assertThat(Capabilities.of(Vendor.NVIDIA, "next year's GPU").supports(TENSORRT_LLM)).isTrue();
        assertThat(Capabilities.of(Vendor.HUAWEI_ASCEND, "next year's NPU").supports(TENSORRT_LLM)).isFalse();
        assertThat(Capabilities.of(Vendor.CAMBRICON, "next year's MLU").supports(TENSORRT_LLM)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Framework.class, names = {"TENSORRT_LLM", "TRITON", "CUDA"})
    void nvidiaOnlyStacksAreNotOfferedElsewhere(Framework framework) {
        // when the table is asked which models run an NVIDIA stack, then they are all NVIDIA's
        assertThat(Capabilities.all()).filteredOn(c -> c.supports(framework))
                .allMatch(c -> c.vendor() == Vendor.NVIDIA);
    }

    @ParameterizedTest
    @EnumSource(value = Framework.class, names = {"MINDSPORE", "MINDIE", "CANN"})
    void ascendOnlyStacksAreNotOfferedElsewhere(Framework framework) {
        // MindSpore is Ascend-first; ComputeNet offers it on Ascend only, like MindIE and CANN
        assertThat(Capabilities.all()).filteredOn(c -> c.supports(framework))
                .isNotEmpty().allMatch(c -> c.vendor() == Vendor.HUAWEI_ASCEND);
    }

    @Test
    void sglangRunsOnNvidiaFromTuringOnAndOnAscendA2AndA3() {
        // when the table is asked about SGLang, then Cambricon, the 310P and Volta are left out
        assertThat(Capabilities.all()).filteredOn(c -> c.supports(SGLANG)).extracting(Capability::vendor)
                .containsOnly(Vendor.NVIDIA, Vendor.HUAWEI_ASCEND);
        assertThat(Capabilities.of(Vendor.HUAWEI_ASCEND, "Ascend910C").supports(SGLANG)).isTrue();
        assertThat(Capabilities.of(Vendor.HUAWEI_ASCEND, "Ascend310P3").supports(SGLANG)).isFalse();
        assertThat(Capabilities.of(Vendor.NVIDIA, "V100-SXM2-32GB").supports(SGLANG)).isFalse();
    }

    @Test
    void pytorchAndDeepSpeedRunOnEveryVendorButTheInferenceOnly310PTrainsNothing() {
        // when the table is asked about PyTorch and DeepSpeed, then every model runs PyTorch and all but the 310P train
        assertThat(Capabilities.all()).allMatch(c -> c.supports(PYTORCH));
        assertThat(Capabilities.all()).filteredOn(c -> !c.supports(DEEPSPEED)).extracting(Capability::model)
                .containsExactly("Ascend310P3");
    }

    @Test
    void everyRowIsConsistentWithItsVendor() {
        for (Capability c : Capabilities.all()) {
            assertThat(c.toolkit()).as(c.model()).isEqualTo(Framework.toolkitOf(c.vendor()));
            assertThat(c.frameworks()).as(c.model()).contains(c.toolkit())
                    .isSubsetOf(Capabilities.defaultFrameworks(c.vendor()));
            assertThat(c.interconnect()).as(c.model()).isIn(switch (c.vendor()) {
                case NVIDIA -> Set.of(Interconnect.NVLINK, Interconnect.PCIE);
                case HUAWEI_ASCEND -> Set.of(Interconnect.HCCS, Interconnect.PCIE);
                case CAMBRICON -> Set.of(Interconnect.MLU_LINK, Interconnect.PCIE);
            });
            // and each row is found again under its own name
            assertThat(Capabilities.find(c.vendor(), c.model())).as(c.model()).contains(c);
        }
    }

    @Test
    void theA100IsTheUnitOfCompute() {
        assertThat(Capabilities.of(Vendor.NVIDIA, "A100-SXM4-80GB").relativeCompute()).hasValue(1.0);
        assertThat(Capabilities.of(Vendor.NVIDIA, "NVIDIA A100 80GB PCIe").relativeCompute()).hasValue(1.0);
        assertThat(Capabilities.A100_DENSE_TFLOPS).isEqualTo(312.0);
    }

    @Test
    void aResearcherAskingFor40GbThatRunsVllmGetsDevicesOfEveryVendor() {
        // given the simulated fleet's devices with the memory their agents report, plus a 910C die and an MLU590
        record Device(Vendor vendor, String model, long memoryMiB) {
        }
        List<Device> fleet = List.of(
                new Device(Vendor.NVIDIA, "H100 80GB HBM3", 81559),
                new Device(Vendor.NVIDIA, "A100-SXM4-80GB", 81920),
                new Device(Vendor.NVIDIA, "GeForce RTX 4090", 24564),
                new Device(Vendor.HUAWEI_ASCEND, "Ascend910B3", 65536),
                new Device(Vendor.HUAWEI_ASCEND, "Ascend910C", 65536),
                new Device(Vendor.HUAWEI_ASCEND, "Ascend310P3", 21527),
                new Device(Vendor.CAMBRICON, "MLU370-X8", 23374),
                new Device(Vendor.CAMBRICON, "MLU590-H8", 81920));

        // when it is filtered for at least 40 GB and vLLM
        List<String> vllm = fleet.stream().filter(d -> d.memoryMiB() >= 40 * 1024)
                .filter(d -> Capabilities.of(d.vendor(), d.model()).supports(VLLM)).map(Device::model).toList();
        // and for at least 40 GB and TensorRT-LLM
        List<String> trt = fleet.stream().filter(d -> d.memoryMiB() >= 40 * 1024)
                .filter(d -> Capabilities.of(d.vendor(), d.model()).supportsAll(List.of(TENSORRT_LLM)))
                .map(Device::model).toList();

        // then vLLM finds devices of all three vendors; TensorRT-LLM only the NVIDIA ones
        assertThat(vllm).containsExactly("H100 80GB HBM3", "A100-SXM4-80GB", "Ascend910B3", "Ascend910C", "MLU590-H8");
        assertThat(trt).containsExactly("H100 80GB HBM3", "A100-SXM4-80GB");
    }

    @Test
    void aSliceComputesItsShareOfTheDevice() {
        // given an H100 SXM (3.17 A100s)
        Capability h100 = Capabilities.of(Vendor.NVIDIA, "H100 80GB HBM3");

        // when a 3g MIG instance (3 of 7 compute slices) is valued, then it is 3/7 of the device
        assertThat(h100.computeFor(3 / 7.0).getAsDouble()).isCloseTo(989.4 / 312 * 3 / 7, within(1e-9));
        assertThat(h100.computeFor(1.0)).isEqualTo(h100.relativeCompute());
        // and an MLU590, whose figure is unknown, has no figure for a share either
        assertThat(Capabilities.of(Vendor.CAMBRICON, "MLU590-H8").computeFor(0.25)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void aModelIsRequired(String model) {
        assertThatThrownBy(() -> Capabilities.of(Vendor.NVIDIA, model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model is required");
        assertThatThrownBy(() -> Capabilities.find(Vendor.NVIDIA, model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model is required");
    }

    @Test
    void aVendorIsRequired() {
        assertThatThrownBy(() -> Capabilities.of(null, "H100 80GB HBM3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vendor is required");
        assertThatThrownBy(() -> Capabilities.defaultFrameworks(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vendor is required");
    }

    @Test
    void aNameOfOnlyVendorWordsOrPunctuationIsAnUnknownModel() {
        // when the name reduces to nothing, then it matches no row but is still a device of its vendor
        assertThat(Capabilities.find(Vendor.NVIDIA, "NVIDIA")).isEmpty();
        assertThat(Capabilities.find(Vendor.HUAWEI_ASCEND, "--")).isEmpty();
        assertThat(Capabilities.of(Vendor.NVIDIA, " NVIDIA ").model()).isEqualTo("NVIDIA");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "NVIDIA A100 80GB PCIe     | A10080GBPCIE",
            "Tesla V100-SXM2-32GB      | V100SXM232GB",
            "NVIDIA GeForce RTX 4090   | RTX4090",
            "Ascend910B4-1             | 910B41",
            "Huawei Ascend 310P3       | 310P3",
            "Cambricon MLU370-X8       | MLU370X8"})
    void reducesNamesToMatchingKeys(String model, String key) {
        assertThat(Capabilities.key(model)).isEqualTo(key);
    }
}
