-- The host memory a lease asked for on each of its nodes, MiB (the API's hostMemoryGiB; null: none named). The
-- capacity model counts a node's host memory left as what its agent reported (nodes.host_memory_mib) less this, summed
-- over the leases on the node; the FGD placement policies leave out a node with less left than a request names.
-- A lease's devices and slices already announce its arrival and departure on the change feed (capacity_changes), so
-- no trigger is needed for this column: it never changes once the lease row is written.
alter table leases add column host_memory_mib bigint;
