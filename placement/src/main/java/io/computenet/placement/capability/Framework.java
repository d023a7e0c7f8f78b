package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A software stack a lease may require of its accelerator: a vendor toolkit (the layer everything else is built
 * on) or a framework or serving engine on top of one. Which devices offer which is the capability table's business
 * ({@link Capabilities}); this type only names the stacks and parses what users type.
 *
 * <p>User text is matched case-insensitively with spaces, hyphens, underscores and dots ignored, against the
 * display name, the constant's name and a few aliases: {@code vllm}, {@code vLLM}, {@code TensorRT-LLM},
 * {@code tensorrt_llm}, {@code trt-llm} and {@code torch} all parse. See {@code docs/capabilities.md}.
 */
public enum Framework {

    /** NVIDIA's toolkit (driver API, cuBLAS, cuDNN, NCCL). */
    CUDA("CUDA", true),
    /** Huawei Ascend's toolkit (Compute Architecture for Neural Networks, with HCCL). */
    CANN("CANN", true),
    /** Cambricon's toolkit (CNToolkit, CNNL, CNCL). */
    NEUWARE("NeuWare", true),
    /** PyTorch: CUDA builds, {@code torch_npu} on Ascend, {@code torch_mlu} on Cambricon. */
    PYTORCH("PyTorch", false, "torch"),
    /** Huawei's MindSpore; first-class on Ascend only. */
    MINDSPORE("MindSpore", false),
    /** DeepSpeed training (ZeRO, pipeline parallelism); accelerators {@code cuda}, {@code npu} and {@code mlu}. */
    DEEPSPEED("DeepSpeed", false),
    /** The vLLM serving engine: upstream on CUDA, the vllm-ascend plugin on Ascend, Cambricon's port on MLUs. */
    VLLM("vLLM", false),
    /** The SGLang serving engine: CUDA and Ascend (Atlas A2/A3). */
    SGLANG("SGLang", false),
    /** NVIDIA TensorRT-LLM: NVIDIA only. */
    TENSORRT_LLM("TensorRT-LLM", false, "trt-llm", "trtllm"),
    /**
     * NVIDIA Triton Inference Server (not the Triton kernel language, which vLLM and SGLang use internally on every
     * vendor and which is no requirement of its own).
     */
    TRITON("Triton Inference Server", false, "triton", "triton-server", "tritonserver"),
    /** Huawei's MindIE inference engine: Ascend only. */
    MINDIE("MindIE", false);

    private static final Map<String, Framework> BY_KEY = index();

    private final String displayName;
    private final boolean toolkit;
    private final List<String> aliases;

    Framework(String displayName, boolean toolkit, String... aliases) {
        this.displayName = displayName;
        this.toolkit = toolkit;
        this.aliases = List.of(aliases);
    }

    /** How the stack is usually written, e.g. {@code vLLM}, {@code TensorRT-LLM}. */
    public String displayName() {
        return displayName;
    }

    /** Whether this is a vendor toolkit (CUDA, CANN, NeuWare) rather than something built on one. */
    public boolean isToolkit() {
        return toolkit;
    }

    /** The toolkit every device of {@code vendor} is programmed through. */
    public static Framework toolkitOf(Vendor vendor) {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        return switch (vendor) {
            case NVIDIA -> CUDA;
            case HUAWEI_ASCEND -> CANN;
            case CAMBRICON -> NEUWARE;
        };
    }

    /**
     * The framework a user named, e.g. {@code vllm}, {@code vLLM}, {@code TensorRT-LLM}, {@code trt-llm},
     * {@code pytorch}, {@code torch}, {@code NeuWare}.
     *
     * @throws IllegalArgumentException for null, blank or unknown text; the message lists the accepted names
     */
    public static Framework parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a framework name is required; accepted: " + acceptedNames());
        }
        Framework framework = BY_KEY.get(key(text));
        if (framework == null) {
            throw new IllegalArgumentException("unknown framework '" + text.strip() + "'; accepted: "
                    + acceptedNames() + " (case-insensitive; aliases: " + aliasNames() + ")");
        }
        return framework;
    }

    /** The display names, in declaration order, for messages and docs. */
    public static String acceptedNames() {
        return Arrays.stream(values()).map(Framework::displayName).collect(Collectors.joining(", "));
    }

    private static String aliasNames() {
        return Arrays.stream(values()).flatMap(f -> f.aliases.stream()).collect(Collectors.joining(", "));
    }

    /** Lower case without the separators people write differently: "TensorRT-LLM", "tensorrt_llm" -> "tensorrtllm". */
    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-_.]", "");
    }

    private static Map<String, Framework> index() {
        Map<String, Framework> byKey = new HashMap<>();
        for (Framework framework : values()) {
            put(byKey, key(framework.name()), framework);
            put(byKey, key(framework.displayName), framework);
            for (String alias : framework.aliases) {
                put(byKey, key(alias), framework);
            }
        }
        return Map.copyOf(byKey);
    }

    private static void put(Map<String, Framework> byKey, String key, Framework framework) {
        Framework previous = byKey.putIfAbsent(key, framework);
        if (previous != null && previous != framework) {
            throw new IllegalStateException("framework key " + key + " names both " + previous.name() + " and "
                    + framework.name());
        }
    }
}
