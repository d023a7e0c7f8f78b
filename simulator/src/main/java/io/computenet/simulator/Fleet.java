package io.computenet.simulator;

import io.computenet.contracts.inventory.Vendor;
import io.computenet.placement.policy.NodeState;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nodes of a replay, with what the node file says about their GPU models: lease requests name device memory and
 * a vendor, which the placement core knows only as a model constraint, so the request reader needs the catalogue.
 *
 * @param nodes            the nodes, fully free
 * @param models           the GPU models of the nodes by name
 * @param describesDevices whether {@code models} carry vendor and device memory (inventory JSON); a CSV node file
 *                         gives model names only
 * @param notes            what the reader decided that the user should know (printed before the replay)
 */
public record Fleet(List<NodeState> nodes, Map<String, GpuModel> models, boolean describesDevices,
                    List<String> notes) {

    public Fleet {
        nodes = List.copyOf(nodes);
        models = Map.copyOf(models);
        notes = List.copyOf(notes);
    }

    /**
     * One GPU model of the fleet.
     *
     * @param name      the model as nodes carry it
     * @param vendor    its vendor, null when the node file does not say
     * @param memoryMiB the smallest device memory reported for it (a request must fit every device of the model),
     *                  0 when the node file does not say
     */
    public record GpuModel(String name, Vendor vendor, long memoryMiB) {
    }

    /** A fleet from a CSV node list: model names only. */
    public static Fleet ofCsv(List<NodeState> nodes) {
        Map<String, GpuModel> models = new TreeMap<>();
        for (NodeState n : nodes) {
            if (n.gpuCount() > 0) {
                models.putIfAbsent(n.model(), new GpuModel(n.model(), null, 0));
            }
        }
        return new Fleet(nodes, models, false, List.of());
    }
}
