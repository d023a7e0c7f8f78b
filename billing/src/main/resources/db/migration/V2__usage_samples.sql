-- Per-lease usage samples from the node agents, for users' charts and usage-based checks.
create table usage_samples (
    event_id         varchar(64)  primary key,
    lease_id         varchar(64)  not null,
    node_id          varchar(128) not null,
    device_key       varchar(128) not null,
    sampled_at       timestamptz  not null,
    utilization_pct  double precision,
    memory_used_mib  bigint
);
create index usage_samples_lease on usage_samples (lease_id, sampled_at);
