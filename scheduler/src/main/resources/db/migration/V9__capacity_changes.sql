-- The change feed of the capacity model. Every scheduler instance keeps the capacity model in memory and, before it
-- plans, reloads only the nodes whose capacity rows changed since it last looked. Triggers write the feed, so no
-- code path that changes capacity (allocation, release, inventory, health, drain, a test's SQL) can forget to.
--
-- Each change row carries the id of the transaction that made it. A reader remembers the oldest transaction still
-- running when it last read (pg_snapshot_xmin of its snapshot) and next time reads every row from a transaction at
-- least that new: any change it could not see then (uncommitted, or committed later) is in that range, whatever the
-- order in which transactions commit. A row may be read twice; reloading a node twice is harmless.
create table capacity_changes (
    txid       xid8         not null,
    node_id    varchar(128) not null,
    changed_at timestamptz  not null default clock_timestamp(),
    primary key (txid, node_id)
);
create index capacity_changes_changed_at on capacity_changes (changed_at);

-- '*' stands for every node (a TRUNCATE): readers then reload the whole model.
create function log_capacity_change(changed_node varchar) returns void language plpgsql as $$
begin
    insert into capacity_changes (txid, node_id) values (pg_current_xact_id(), changed_node)
    on conflict do nothing;
end
$$;

create function capacity_row_changed() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform log_capacity_change(old.node_id);
    end if;
    if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.node_id is distinct from old.node_id) then
        perform log_capacity_change(new.node_id);
    end if;
    return null;
end
$$;

create function capacity_truncated() returns trigger language plpgsql as $$
begin
    perform log_capacity_change('*');
    return null;
end
$$;

-- nodes: not last_seen_at / last_event_at / hostname (every heartbeat writes them; silence is read per plan)
create trigger nodes_capacity_insert_delete after insert or delete on nodes
    for each row execute function capacity_row_changed();
create trigger nodes_capacity_update after update on nodes
    for each row when (old.operator_id is distinct from new.operator_id or old.region is distinct from new.region
        or old.cluster is distinct from new.cluster or old.schedulable is distinct from new.schedulable
        or old.node_id is distinct from new.node_id)
    execute function capacity_row_changed();
create trigger nodes_capacity_truncate after truncate on nodes
    for each statement execute function capacity_truncated();

-- devices: not memory_used_mib / utilization_pct (every heartbeat writes them)
create trigger devices_capacity_insert_delete after insert or delete on devices
    for each row execute function capacity_row_changed();
create trigger devices_capacity_update after update on devices
    for each row when (old.lease_id is distinct from new.lease_id or old.health is distinct from new.health
        or old.memory_mib is distinct from new.memory_mib or old.slice_profiles is distinct from new.slice_profiles
        or old.vendor is distinct from new.vendor or old.model is distinct from new.model
        or old.device_key is distinct from new.device_key or old.device_index is distinct from new.device_index
        or old.bus_id is distinct from new.bus_id or old.node_id is distinct from new.node_id)
    execute function capacity_row_changed();
create trigger devices_capacity_truncate after truncate on devices
    for each statement execute function capacity_truncated();

create trigger slice_allocations_capacity after insert or update or delete on slice_allocations
    for each row execute function capacity_row_changed();
create trigger slice_allocations_capacity_truncate after truncate on slice_allocations
    for each statement execute function capacity_truncated();

-- node identities: only the drain takes a node out of the model
create trigger node_identities_capacity_insert_delete after insert or delete on node_identities
    for each row execute function capacity_row_changed();
create trigger node_identities_capacity_update after update on node_identities
    for each row when (old.drain_deadline is distinct from new.drain_deadline or old.node_id is distinct from new.node_id)
    execute function capacity_row_changed();
create trigger node_identities_capacity_truncate after truncate on node_identities
    for each statement execute function capacity_truncated();

-- silence (no heartbeat for a while) is read per plan: only the silent nodes, by index
create index nodes_last_seen on nodes (last_seen_at);

-- a lease's devices are found by lease id on every release and node failure (was a scan of every device)
create index devices_by_lease on devices (lease_id) where lease_id is not null;
