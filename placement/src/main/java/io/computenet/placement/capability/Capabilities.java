package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

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

/**
 * The capability table: for a device model as a node agent reports it, what it offers in vendor-neutral terms
 * ({@link Capability}). This is what lets a researcher ask for "40 GB that runs vLLM" and be given an H100, an
 * Ascend 910B3 or an MLU370, whichever fits.
 *
 * <h2>Matching reported names</h2>
 * Tools and agents spell one model several ways ({@code NVIDIA A100-SXM4-80GB}, {@code A100-SXM4-80GB},
 * {@code 910B3}, {@code Ascend910B3}). A name is reduced to a key before matching: upper case, everything but letters
 * and digits dropped, and the vendor words {@code NVIDIA}, {@code Tesla}, {@code GeForce}, {@code Huawei},
 * {@code Ascend} and {@code Cambricon} taken off the front; so {@code NVIDIA A100 80GB PCIe} becomes
 * {@code A10080GBPCIE}. Each row matches its keys with a pattern; rows are tried in order, so a variant row
 * ({@code H100 PCIe}) comes before its family's catch-all ({@code H100 SXM5}).
 *
 * <h2>Models not in the table</h2>
 * {@link #of(Vendor, String)} never fails on an unknown model of a known vendor: the device gets its vendor's toolkit
 * and default frameworks ({@link #defaultFrameworks(Vendor)}), no compute figure (one is never invented), and
 * {@link Interconnect#PCIE}. {@link #find(Vendor, String)} answers only from the table.
 *
 * <p>Pure and stateless; the table and the source of every figure are in {@code docs/capabilities.md}, which must be
 * kept in step with {@link #all()} (a test compares them).
 */
public final class Capabilities {

    /** Dense BF16/FP16 tensor throughput of an NVIDIA A100 (SXM4 and PCIe alike), the unit of relative compute. */
    public static final double A100_DENSE_TFLOPS = 312.0;

    /** NVIDIA Ampere and later: everything built on CUDA that ComputeNet names. */
    private static final Set<Framework> NVIDIA_ALL =
            EnumSet.of(CUDA, PYTORCH, DEEPSPEED, VLLM, SGLANG, TENSORRT_LLM, TRITON);
    /** Volta: TensorRT-LLM dropped it and SGLang's kernels are built for newer GPUs. */
    private static final Set<Framework> NVIDIA_VOLTA = EnumSet.of(CUDA, PYTORCH, DEEPSPEED, VLLM, TRITON);
    /** Ascend A2/A3 (910B, 910C): everything built on CANN that ComputeNet names. */
    private static final Set<Framework> ASCEND_ALL =
            EnumSet.of(CANN, PYTORCH, MINDSPORE, DEEPSPEED, VLLM, SGLANG, MINDIE);
    /** First-generation Ascend 910: vllm-ascend and SGLang support only Atlas A2 and later. */
    private static final Set<Framework> ASCEND_910_FIRST_GENERATION = EnumSet.of(CANN, PYTORCH, MINDSPORE, DEEPSPEED);
    /** Ascend 310P (inference): vllm-ascend supports the Atlas 300I Duo; no training stacks, no SGLang. */
    private static final Set<Framework> ASCEND_310P = EnumSet.of(CANN, PYTORCH, MINDSPORE, VLLM, MINDIE);
    /** Cambricon: torch_mlu, DeepSpeed's mlu accelerator and Cambricon's vLLM port. */
    private static final Set<Framework> CAMBRICON_ALL = EnumSet.of(NEUWARE, PYTORCH, DEEPSPEED, VLLM);

    private static final List<String> VENDOR_WORDS =
            List.of("NVIDIA", "TESLA", "GEFORCE", "HUAWEI", "ASCEND", "CAMBRICON");

    private static final List<Row> ROWS = List.of(
            // NVIDIA: half the datasheets' "with sparsity" figures; the H20 and L20 have no public datasheet
            nvidia("B200", "B200.*", published(2250), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H200 NVL", "H200NVL.*", published(835.5), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H200 SXM", "H200.*", published(989.4), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H100 NVL", "H100.*NVL.*", published(835.5), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H100 PCIe", "H100.*PCIE.*", published(756.5), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("H100 SXM5", "H100.*", published(989.4), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H800 PCIe", "H800.*PCIE.*", published(756.5), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("H800 SXM5", "H800.*", published(989.4), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("H20", "H20(\\d+GB)?", estimated(148), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("A800 PCIe", "A800.*PCIE.*", published(312), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("A800 SXM4", "A800.*", published(312), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("A100 PCIe", "A100.*PCIE.*", published(312), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("A100 SXM4", "A100.*", published(312), Interconnect.NVLINK, NVIDIA_ALL),
            nvidia("A30", "A30(\\d+GB)?", published(165), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("A10", "A10(\\d+GB)?", published(125), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("L40S", "L40S(\\d+GB)?", published(362.05), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("L20", "L20(\\d+GB)?", estimated(119.5), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("L4", "L4(\\d+GB)?", published(121), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("GeForce RTX 4090", "RTX4090(\\d+GB)?", published(165.2), Interconnect.PCIE, NVIDIA_ALL),
            nvidia("V100 PCIe", "V100PCIE(\\d+GB)?", published(112), Interconnect.PCIE, NVIDIA_VOLTA),
            nvidia("V100 SXM2", "V100(SXM2)?(\\d+GB)?", published(125), Interconnect.NVLINK, NVIDIA_VOLTA),
            // Huawei Ascend: no per-SKU figure is published for the 910B family; a 910C device is one die
            ascend("Ascend910B2", "910B2", estimated(376), Interconnect.HCCS, ASCEND_ALL),
            ascend("Ascend910B3", "910B3", estimated(313), Interconnect.HCCS, ASCEND_ALL),
            ascend("Ascend910B4-1", "910B41", estimated(280), Interconnect.HCCS, ASCEND_ALL),
            ascend("Ascend910B4", "910B4", estimated(280), Interconnect.HCCS, ASCEND_ALL),
            ascend("Ascend910C", "910C", published(376), Interconnect.HCCS, ASCEND_ALL),
            ascend("Ascend910", "910(A|PROA|PROB)?", published(256), Interconnect.HCCS, ASCEND_910_FIRST_GENERATION),
            ascend("Ascend310P3", "310P3", published(70), Interconnect.PCIE, ASCEND_310P),
            // Cambricon: an MLU370-X8 device is one of the card's two chips; no MLU590 figure is published
            cambricon("MLU370-X8", "MLU370X8", estimated(48), Interconnect.MLU_LINK),
            cambricon("MLU370-X4", "MLU370X4", published(96), Interconnect.PCIE),
            cambricon("MLU590", "MLU590.*", unknown(), Interconnect.MLU_LINK));

    private Capabilities() {
    }

    /**
     * The capability of a device model as its node agent reports it; an uncatalogued model gets its vendor's
     * defaults (see the class comment). Never null.
     *
     * @throws IllegalArgumentException when vendor is null or model is null or blank
     */
    public static Capability of(Vendor vendor, String model) {
        if (vendor != null && model != null) {
            Capability known = MEMO.get(new MemoKey(vendor, model));
            if (known != null) {
                return known;
            }
        }
        Capability capability = find(vendor, model).orElseGet(() -> new Capability(vendor, model,
                OptionalDouble.empty(), false, Framework.toolkitOf(vendor), defaultFrameworks(vendor),
                Interconnect.PCIE));
        if (MEMO.size() < MEMO_LIMIT) {
            MEMO.putIfAbsent(new MemoKey(vendor, model), capability);
        }
        return capability;
    }

    /** Answers by reported name, so the planner's per-device check is one hash lookup; bounded against odd input. */
    private static final java.util.concurrent.ConcurrentHashMap<MemoKey, Capability> MEMO =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MEMO_LIMIT = 4096;

    private record MemoKey(Vendor vendor, String model) {
    }

    /**
     * The table's row for a reported model, or empty when the table does not know the model.
     *
     * @throws IllegalArgumentException when vendor is null or model is null or blank
     */
    public static Optional<Capability> find(Vendor vendor, String model) {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        String key = key(model);
        for (Row row : ROWS) {
            if (row.vendor() == vendor && row.key().matcher(key).matches()) {
                return Optional.of(row.capability());
            }
        }
        return Optional.empty();
    }

    /**
     * What an uncatalogued model of {@code vendor} is assumed to run: every stack built on the vendor's toolkit that
     * ComputeNet names (for NVIDIA everything CUDA-based, TensorRT-LLM included).
     */
    public static Set<Framework> defaultFrameworks(Vendor vendor) {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        return switch (vendor) {
            case NVIDIA -> Collections.unmodifiableSet(NVIDIA_ALL);
            case HUAWEI_ASCEND -> Collections.unmodifiableSet(ASCEND_ALL);
            case CAMBRICON -> Collections.unmodifiableSet(CAMBRICON_ALL);
        };
    }

    /** Every row of the table, in table order (NVIDIA, Ascend, Cambricon). */
    public static List<Capability> all() {
        List<Capability> all = new ArrayList<>(ROWS.size());
        for (Row row : ROWS) {
            all.add(row.capability());
        }
        return List.copyOf(all);
    }

    /** The matching key of a reported name: {@code NVIDIA A100 80GB PCIe} -> {@code A10080GBPCIE}. */
    static String key(String model) {
        String key = model.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String word : VENDOR_WORDS) {
                if (key.startsWith(word)) {
                    key = key.substring(word.length());
                    stripped = true;
                }
            }
        }
        return key;
    }

    private static Row nvidia(String model, String key, Compute compute, Interconnect interconnect,
                              Set<Framework> frameworks) {
        return row(Vendor.NVIDIA, model, key, compute, interconnect, frameworks);
    }

    private static Row ascend(String model, String key, Compute compute, Interconnect interconnect,
                              Set<Framework> frameworks) {
        return row(Vendor.HUAWEI_ASCEND, model, key, compute, interconnect, frameworks);
    }

    private static Row cambricon(String model, String key, Compute compute, Interconnect interconnect) {
        return row(Vendor.CAMBRICON, model, key, compute, interconnect, CAMBRICON_ALL);
    }

    private static Row row(Vendor vendor, String model, String key, Compute compute, Interconnect interconnect,
                           Set<Framework> frameworks) {
        return new Row(vendor, Pattern.compile(key), new Capability(vendor, model, compute.relative(),
                compute.estimated(), Framework.toolkitOf(vendor), frameworks, interconnect));
    }

    private static Compute published(double denseTflops) {
        return new Compute(OptionalDouble.of(denseTflops / A100_DENSE_TFLOPS), false);
    }

    private static Compute estimated(double denseTflops) {
        return new Compute(OptionalDouble.of(denseTflops / A100_DENSE_TFLOPS), true);
    }

    private static Compute unknown() {
        return new Compute(OptionalDouble.empty(), false);
    }

    private record Compute(OptionalDouble relative, boolean estimated) {
    }

    private record Row(Vendor vendor, Pattern key, Capability capability) {
    }
}
