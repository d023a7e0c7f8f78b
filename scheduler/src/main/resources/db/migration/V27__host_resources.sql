-- The host's logical CPU count and total memory, as the node's agent reads them from the OS (node.inventory's
-- hostCpuCount / hostMemoryMiB; null: an agent that does not report them). The CPU-aware placement measure weighs
-- the host CPU a node has left.
alter table nodes add column host_cpu_count integer;
alter table nodes add column host_memory_mib bigint;

-- The host CPUs a lease asked for on each of its nodes (null: the per-device default, ClusterPolicy.hostCpuMilli).
alter table leases add column cpu_count integer;

-- A change of the host's CPUs or memory is a change of capacity: the capacity model reloads the node.
drop trigger nodes_capacity_update on nodes;
create trigger nodes_capacity_update after update on nodes
    for each row when (old.operator_id is distinct from new.operator_id or old.region is distinct from new.region
        or old.cluster is distinct from new.cluster or old.schedulable is distinct from new.schedulable
        or old.node_id is distinct from new.node_id or old.host_cpu_count is distinct from new.host_cpu_count
        or old.host_memory_mib is distinct from new.host_memory_mib)
    execute function capacity_row_changed();
