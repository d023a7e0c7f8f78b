package io.computenet.placement.gang;

import io.computenet.placement.PlacementRequest;
import io.computenet.placement.Sharing;

/**
 * A gang: {@code nodes} nodes with {@code perNode.deviceCount()} whole devices each, every device of one model, all
 * nodes in one cluster of one region, held all together or not at all (multi-node distributed training).
 *
 * @param perNode what each node must give: whole devices (no slices), the memory per device, the region, vendor,
 *                model and framework constraints of the whole gang
 * @param nodes   how many nodes, at least 1 (1 is an ordinary multi-device lease)
 */
public record GangRequest(PlacementRequest perNode, int nodes) {

    public GangRequest {
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, was " + nodes);
        }
        if (perNode.acceptsSlices() || perNode.sliceProfile() != null) {
            throw new IllegalArgumentException("a gang takes whole devices on every node (no slices)");
        }
    }

    /** A gang of {@code nodes} x {@code devicesPerNode} whole devices with the constraints of {@code template}. */
    public static GangRequest of(PlacementRequest template, int nodes, int devicesPerNode) {
        return new GangRequest(new PlacementRequest(template.memoryMiBPerDevice(), devicesPerNode, template.region(),
                template.vendor(), template.workloadClass(), null, template.model(), null, Sharing.WHOLE,
                template.framework()), nodes);
    }

    public int devicesPerNode() {
        return perNode.deviceCount();
    }

    /** Every device of the gang: what quotas, budgets, prices and queue fairness count. */
    public int totalDevices() {
        return nodes * perNode.deviceCount();
    }
}
