package io.computenet.placement.capability;

import io.computenet.contracts.inventory.Vendor;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What one accelerator model offers, in terms that do not depend on its vendor: how fast it is compared with an
 * NVIDIA A100, which software stacks run on it, and how its devices talk to each other inside a node. Memory is not
 * here: the node agent reports it per device ({@code DeviceInfo.memoryMiB}), and that reported figure is what a
 * lease's memory is checked against.
 *
 * <p>Look one up with {@link Capabilities#of(Vendor, String)}; the table and the sources of its figures are in
 * {@code docs/capabilities.md}.
 *
 * @param vendor           the vendor
 * @param model            the table row's name (e.g. {@code H100 SXM5}, {@code Ascend910B3}), or the reported model
 *                         name when the model is not in the table
 * @param relativeCompute  dense BF16/FP16 tensor throughput relative to an A100 (312 TFLOPS = 1.00); empty when
 *                         no figure is known, which is never guessed
 * @param computeEstimated whether the figure is an estimate (third-party reports, or derived) rather than read off
 *                         the vendor's published specification; false when there is no figure
 * @param toolkit          the vendor toolkit ({@link Framework#toolkitOf(Vendor)})
 * @param frameworks       every stack a lease may require that runs on this model, the toolkit included
 * @param interconnect     the fastest device-to-device link inside a node
 */
public record Capability(Vendor vendor, String model, OptionalDouble relativeCompute, boolean computeEstimated,
                         Framework toolkit, Set<Framework> frameworks, Interconnect interconnect) {

    public Capability {
        if (vendor == null) {
            throw new IllegalArgumentException("vendor is required");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (relativeCompute == null) {
            throw new IllegalArgumentException(model
                    + ": relativeCompute must not be null (use OptionalDouble.empty())");
        }
        if (relativeCompute.isPresent()) {
            double value = relativeCompute.getAsDouble();
            if (!Double.isFinite(value) || value <= 0) {
                throw new IllegalArgumentException(model + ": relativeCompute must be positive, was " + value);
            }
        } else if (computeEstimated) {
            throw new IllegalArgumentException(model + ": an unknown compute figure cannot be an estimate");
        }
        if (toolkit != Framework.toolkitOf(vendor)) {
            throw new IllegalArgumentException(model + ": the toolkit of " + vendor + " is "
                    + Framework.toolkitOf(vendor).displayName() + ", was "
                    + (toolkit == null ? null : toolkit.displayName()));
        }
        if (frameworks == null || frameworks.stream().noneMatch(toolkit::equals)) {
            throw new IllegalArgumentException(model + ": frameworks must include the toolkit "
                    + toolkit.displayName());
        }
        for (Framework framework : frameworks) {
            if (framework == null) {
                throw new IllegalArgumentException(model + ": frameworks must not contain null");
            }
            if (framework.isToolkit() && framework != toolkit) {
                throw new IllegalArgumentException(model + ": the toolkit " + framework.displayName()
                        + " does not run on " + vendor + " devices");
            }
        }
        if (interconnect == null) {
            throw new IllegalArgumentException(model + ": interconnect is required");
        }
        model = model.strip();
        frameworks = Collections.unmodifiableSet(EnumSet.copyOf(frameworks));
    }

    /** Whether a compute figure is known (published or estimated). */
    public boolean computeKnown() {
        return relativeCompute.isPresent();
    }

    /** Whether {@code framework} runs on this model. */
    public boolean supports(Framework framework) {
        return framework != null && frameworks.contains(framework);
    }

    /** Whether every one of {@code required} runs on this model; true for none. */
    public boolean supportsAll(Collection<Framework> required) {
        if (required == null) {
            throw new IllegalArgumentException("required frameworks must not be null (use an empty collection)");
        }
        for (Framework framework : required) {
            if (!supports(framework)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The compute of a part of one device, in A100s: {@code share} times {@link #relativeCompute()}. Pair it with
     * {@code DeviceShape.computeFraction} to compare a 3g MIG instance of an H100 ({@code 3/7 x 3.17 = 1.36}) with a
     * whole Ascend 910B3. Empty when the model's figure is unknown.
     *
     * @param share the fraction of the device, in {@code (0, 1]}
     */
    public OptionalDouble computeFor(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be within (0, 1], was " + share);
        }
        return relativeCompute.isPresent() ? OptionalDouble.of(relativeCompute.getAsDouble() * share)
                : OptionalDouble.empty();
    }
}
