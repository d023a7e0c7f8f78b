-- A node's topology label (rack, switch): reported by its agent, or set by its operator (which then wins until
-- cleared). Gang leases prefer nodes that share one.
alter table nodes add column topology varchar(128);
alter table nodes add column operator_topology varchar(128);
