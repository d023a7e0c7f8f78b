package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Stream;

import static io.computenet.placement.capability.Framework.CANN;
import static io.computenet.placement.capability.Framework.CUDA;
import static io.computenet.placement.capability.Framework.PYTORCH;
import static io.computenet.placement.capability.Framework.VLLM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapabilityTest {

    private static final OptionalDouble ONE = OptionalDouble.of(1.0);

    static Stream<Arguments> capabilitiesThatCannotBeBuilt() {
        Set<Framework> cuda = Set.of(CUDA, PYTORCH);
        return Stream.of(
                Arguments.of((ThrowingCallable) () -> new Capability(null, "X", ONE, false, CUDA, cuda,
                        Interconnect.PCIE), "vendor is required"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, " ", ONE, false, CUDA, cuda,
                        Interconnect.PCIE), "model is required"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", null, false, CUDA, cuda,
                        Interconnect.PCIE), "X: relativeCompute must not be null"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", OptionalDouble.of(0), false,
                        CUDA, cuda, Interconnect.PCIE), "X: relativeCompute must be positive, was 0.0"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", OptionalDouble.of(Double.NaN),
                        false, CUDA, cuda, Interconnect.PCIE), "X: relativeCompute must be positive, was NaN"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", OptionalDouble.empty(), true,
                        CUDA, cuda, Interconnect.PCIE), "X: an unknown compute figure cannot be an estimate"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CANN,
                        Set.of(CANN), Interconnect.PCIE), "X: the toolkit of NVIDIA is CUDA, was CANN"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, null, cuda,
                        Interconnect.PCIE), "X: the toolkit of NVIDIA is CUDA, was null"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA,
                        Set.of(PYTORCH), Interconnect.PCIE), "X: frameworks must include the toolkit CUDA"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA, null,
                        Interconnect.PCIE), "X: frameworks must include the toolkit CUDA"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA,
                        Set.of(CUDA, CANN), Interconnect.PCIE), "X: the toolkit CANN does not run on NVIDIA devices"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA,
                        new HashSet<>(Arrays.asList(CUDA, null)), Interconnect.PCIE),
                        "X: frameworks must not contain null"),
                Arguments.of((ThrowingCallable) () -> new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA, cuda, null),
                        "X: interconnect is required"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void capabilitiesThatCannotBeBuilt(ThrowingCallable build, String message) {
        // when an inconsistent capability is built, then it throws saying what is wrong
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void frameworksAreCopiedAndCannotBeChanged() {
        // given a capability built from a mutable set
        Set<Framework> frameworks = EnumSet.of(CUDA, VLLM);
        Capability capability = new Capability(Vendor.NVIDIA, " X ", ONE, false, CUDA, frameworks,
                Interconnect.NVLINK);

        // when the caller's set changes afterwards, then the capability does not
        frameworks.add(PYTORCH);
        assertThat(capability.frameworks()).containsExactly(CUDA, VLLM);
        assertThatThrownBy(() -> capability.frameworks().add(PYTORCH))
                .isInstanceOf(UnsupportedOperationException.class);
        // and the model name is stripped
        assertThat(capability.model()).isEqualTo("X");
    }

    @Test
    void supportsAnswersPerFramework() {
        // given a device running CUDA and vLLM
        Capability capability = new Capability(Vendor.NVIDIA, "X", ONE, false, CUDA, Set.of(CUDA, VLLM),
                Interconnect.PCIE);

        // then it supports exactly those, and nothing for null
        assertThat(capability.supports(VLLM)).isTrue();
        assertThat(capability.supports(PYTORCH)).isFalse();
        assertThat(capability.supports(null)).isFalse();
        assertThat(capability.supportsAll(List.of())).isTrue();
        assertThat(capability.supportsAll(List.of(CUDA, VLLM))).isTrue();
        assertThat(capability.supportsAll(List.of(VLLM, PYTORCH))).isFalse();
        assertThatThrownBy(() -> capability.supportsAll(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.0001, Double.NaN, Double.POSITIVE_INFINITY})
    void aShareMustBeAPartOfOneDevice(double share) {
        Capability capability = Capabilities.of(Vendor.NVIDIA, "H100 80GB HBM3");
        assertThatThrownBy(() -> capability.computeFor(share)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("share must be within (0, 1]");
    }
}
