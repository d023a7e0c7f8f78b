package io.computenet.placement.gang;

import io.computenet.placement.DeviceSlot;
import io.computenet.placement.NodeCapacity;
import io.computenet.placement.Placement;

import java.util.List;
import java.util.Objects;

/**
 * Where a gang goes: one member per node, in rank order (rank 0 first: its node is the rendezvous master), every
 * member with the same number of whole devices of the same model, all in one cluster.
 *
 * @param members          the nodes and their devices, rank order
 * @param memberTopologies each member's topology label (rack, switch), rank order, null for a node without one
 */
public record GangPlacement(List<Placement> members, List<String> memberTopologies) {

    public GangPlacement {
        members = List.copyOf(members);
        memberTopologies = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(memberTopologies));
        if (members.isEmpty() || memberTopologies.size() != members.size()) {
            throw new IllegalArgumentException("a gang has at least one member, each with its topology or null");
        }
        Placement first = members.get(0);
        for (Placement m : members) {
            if (m.slice() != null || m.devices().size() != first.devices().size()
                    || !Objects.equals(m.node().cluster(), first.node().cluster())
                    || !Objects.equals(m.node().region(), first.node().region())
                    || m.firstDevice().vendor() != first.firstDevice().vendor()
                    || !m.firstDevice().model().equals(first.firstDevice().model())) {
                throw new IllegalArgumentException("gang members must hold the same number of whole devices of one "
                        + "model in one cluster");
            }
        }
    }

    /** Rank 0: the member whose node hosts the rendezvous. */
    public Placement master() {
        return members.get(0);
    }

    public NodeCapacity masterNode() {
        return master().node();
    }

    public DeviceSlot firstDevice() {
        return master().firstDevice();
    }

    /**
     * The distinct topology labels of the chosen nodes, in rank order: one when the whole gang shares it, empty when
     * no chosen node has one.
     */
    public List<String> topologies() {
        return memberTopologies.stream().filter(Objects::nonNull).distinct().toList();
    }

    /** Whether every chosen node shares one topology label. */
    public boolean oneTopology() {
        return memberTopologies.stream().allMatch(Objects::nonNull) && topologies().size() == 1;
    }

    public int totalDevices() {
        return members.size() * master().devices().size();
    }
}
