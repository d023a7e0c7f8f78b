/**
 * The vendor-neutral capability view of accelerator models: how much compute a model has relative to an NVIDIA A100,
 * which toolkits, frameworks and serving engines run on it, and how its devices are linked inside a node. It is what
 * lets a lease ask for "an accelerator that runs vLLM" instead of naming a vendor.
 *
 * <ul>
 *   <li>{@link io.computenet.placement.capability.Framework}: the stacks a lease may require, parsed from user
 *       text ({@code vllm}, {@code TensorRT-LLM}, {@code trt-llm}, ...).</li>
 *   <li>{@link io.computenet.placement.capability.Interconnect}: NVLink, HCCS, MLU-Link or only PCIe.</li>
 *   <li>{@link io.computenet.placement.capability.Capability}: one model's row.</li>
 *   <li>{@link io.computenet.placement.capability.Capabilities}: the table, looked up by vendor and the model name
 *       the node agent reports; uncatalogued models get their vendor's defaults and no compute figure.</li>
 * </ul>
 *
 * Pure Java with no framework imports, like the rest of the placement core. The table, its sources and what is
 * estimated are documented in {@code docs/capabilities.md}.
 */
package io.computenet.placement.capability;
