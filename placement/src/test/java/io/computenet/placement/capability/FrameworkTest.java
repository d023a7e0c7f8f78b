package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameworkTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
            "vllm | VLLM", "vLLM | VLLM", "VLLM | VLLM", "'  vllm  ' | VLLM",
            "tensorrt-llm | TENSORRT_LLM", "TensorRT-LLM | TENSORRT_LLM", "tensorrt_llm | TENSORRT_LLM",
            "TENSORRT_LLM | TENSORRT_LLM", "TensorRT LLM | TENSORRT_LLM", "trt-llm | TENSORRT_LLM",
            "TRT-LLM | TENSORRT_LLM", "trtllm | TENSORRT_LLM",
            "cuda | CUDA", "CUDA | CUDA", "cann | CANN", "CANN | CANN", "neuware | NEUWARE", "NeuWare | NEUWARE",
            "pytorch | PYTORCH", "PyTorch | PYTORCH", "torch | PYTORCH",
            "sglang | SGLANG", "SGLang | SGLANG", "mindspore | MINDSPORE", "MindSpore | MINDSPORE",
            "deepspeed | DEEPSPEED", "DeepSpeed | DEEPSPEED", "mindie | MINDIE", "MindIE | MINDIE",
            "triton | TRITON", "Triton Inference Server | TRITON", "triton-server | TRITON",
            "tritonserver | TRITON", "triton_inference_server | TRITON"})
    void parsesTheNamesPeopleWrite(String text, Framework expected) {
        // when the text is parsed, then it names the framework
        assertThat(Framework.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Framework.class)
    void parsesItsOwnDisplayNameAndConstantName(Framework framework) {
        // when a framework's display name or constant name is parsed, then the framework comes back
        assertThat(Framework.parse(framework.displayName())).isEqualTo(framework);
        assertThat(Framework.parse(framework.name())).isEqualTo(framework);
        assertThat(Framework.parse(framework.displayName().toLowerCase(Locale.ROOT))).isEqualTo(framework);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "rocm", "vllm-ascend", "tensorrt", "llm", "cuda12", "pytorch2"})
    void rejectsUnknownNamesListingTheAcceptedOnes(String text) {
        // when an unknown name is parsed, then the error names it and lists every accepted name
        assertThatThrownBy(() -> Framework.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown framework '" + text + "'; accepted: CUDA, CANN, NeuWare, PyTorch, "
                        + "MindSpore, DeepSpeed, vLLM, SGLang, TensorRT-LLM, Triton Inference Server, MindIE")
                .hasMessageContaining("case-insensitive")
                .hasMessageContaining("trt-llm");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void rejectsMissingNames(String text) {
        // when nothing is given, then the error says a name is required and lists the accepted ones
        assertThatThrownBy(() -> Framework.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a framework name is required; accepted: CUDA, CANN, NeuWare");
    }

    @Test
    void exactlyTheThreeVendorToolkitsAreToolkits() {
        // when the toolkits are listed, then they are CUDA, CANN and NeuWare
        assertThat(Arrays.stream(Framework.values()).filter(Framework::isToolkit))
                .containsExactly(Framework.CUDA, Framework.CANN, Framework.NEUWARE);
    }

    @Test
    void everyVendorHasItsOwnToolkit() {
        // when each vendor's toolkit is asked for, then it is the vendor's stack
        assertThat(Framework.toolkitOf(Vendor.NVIDIA)).isEqualTo(Framework.CUDA);
        assertThat(Framework.toolkitOf(Vendor.HUAWEI_ASCEND)).isEqualTo(Framework.CANN);
        assertThat(Framework.toolkitOf(Vendor.CAMBRICON)).isEqualTo(Framework.NEUWARE);
        assertThat(Arrays.stream(Vendor.values()).map(Framework::toolkitOf)).doesNotHaveDuplicates()
                .allMatch(Framework::isToolkit);
        assertThatThrownBy(() -> Framework.toolkitOf(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vendor is required");
    }

    @Test
    void displayNamesAreDistinct() {
        // given the display names, then no two frameworks share one (they are what messages and docs show)
        assertThat(Arrays.stream(Framework.values()).map(Framework::displayName)).doesNotHaveDuplicates();
    }
}
