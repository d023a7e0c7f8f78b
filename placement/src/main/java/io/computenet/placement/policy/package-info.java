/**
 * Share-aware placement policies: which node (and which GPU) a task goes to when GPUs can be shared in thousandths,
 * nodes have host CPU and memory that must fit too, and tasks may require a GPU model.
 *
 * <p>{@link io.computenet.placement.policy.PolicyPlacer} is the decision procedure (feasibility, score every
 * feasible node, highest wins, ties to the first node in rank order, commit), decided through a node index of
 * state classes that makes exactly the scan's decisions without visiting every node. A
 * {@link io.computenet.placement.policy.PlacementPolicy} only scores. The policies, by name
 * ({@link io.computenet.placement.policy.Policies}):
 * <ul>
 *   <li>{@code random-fit}, {@code best-fit}, {@code dot-product}, {@code gpu-packing}, {@code gpu-clustering}:
 *       the baselines of Weng et al., "Beware of Fragmentation", USENIX ATC '23;</li>
 *   <li>{@code fgd}: fragmentation gradient descent from the same paper, with the typical-task mix given (in the
 *       simulator: read from the trace, an oracle);</li>
 *   <li>{@code fgd-cpu-aware} ({@link io.computenet.placement.policy.Policies#RECOMMENDED} with the mix known): FGD on
 *       a fragmentation measure that also counts free GPU share the host CPU can no longer feed for the typical
 *       sharing tasks ({@link io.computenet.placement.policy.Fragmentation.CpuCap#SHARES}); beats {@code fgd} on
 *       all four openb traces;</li>
 *   <li>{@code fgd-cpu-aware-learned} ({@link io.computenet.placement.policy.Policies#ONLINE_RECOMMENDED}, the
 *       simulator's default): {@code fgd-cpu-aware} with the mix learned from the requests seen so far
 *       ({@link io.computenet.placement.policy.LearningFgd}), no foreknowledge of the workload; beats {@code fgd}
 *       with its oracle mix on all four openb traces;</li>
 *   <li>{@code fgd-learned}: FGD with the mix learned from the requests seen so far;</li>
 *   <li>{@code fgd-tight}, {@code fgd-waste-*}, {@code fgd-learned-waste}, {@code fgd-learned-tight}: variants
 *       measured against FGD (best-fit tie-break, {@link io.computenet.placement.policy.ExpectedWaste} look-ahead);
 *       see {@code docs/performance.md} for what they gained.</li>
 * </ul>
 * Everything here is plain Java with no framework imports; the trace-replay simulator and (once wired) the
 * scheduler call the same code.
 */
package io.computenet.placement.policy;
