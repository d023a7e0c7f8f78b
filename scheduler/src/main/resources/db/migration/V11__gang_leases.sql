-- Gang leases: a lease may hold whole devices on several nodes of one cluster (node_count of them, device_count in
-- all, the same number on each). topology lists the topology labels (rack, switch) of the nodes it got, comma-separated
-- in rank order; null when none had one or for a lease on one node.
alter table leases add column node_count integer not null default 1;
alter table leases add column topology text;
