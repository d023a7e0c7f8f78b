-- Drain with a deadline: an operator takes a node out of service. From the drain on it gets no new leases; at the
-- deadline every lease still live on it ends, at the deadline exactly (billing stops there).
alter table node_identities add column drain_deadline timestamptz;
alter table node_identities add column drain_requested_at timestamptz;
alter table node_identities add column drained_by varchar(128);

-- The notice on each lease live on a draining node: it ends then at the latest. Written with the node's drain, under
-- the allocation lock, so no lease lands on a draining node without it.
alter table leases add column drain_deadline timestamptz;
create index leases_live_by_node on leases (node_id) where state in ('SCHEDULED', 'STARTING', 'RUNNING');
