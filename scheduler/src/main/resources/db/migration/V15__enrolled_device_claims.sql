-- A node's devices are held to the vendor, model and memory they were enrolled with (DeviceClaims).
alter table enrolled_devices add column memory_mib bigint;
-- nodes enrolled before: the memory their inventory was applied with
update enrolled_devices e set memory_mib = d.memory_mib
  from devices d where d.node_id = e.node_id and d.device_key = e.device_key;

-- Enrolled devices a node reported as other hardware (its records were refused); shown to the operator until the
-- node is enrolled again.
create table device_claim_mismatches (
    node_id              varchar(128) not null references node_identities (node_id) on delete cascade,
    device_key           varchar(128) not null,
    enrolled_vendor      varchar(32)  not null,
    enrolled_model       varchar(128) not null,
    enrolled_memory_mib  bigint,
    reported_vendor      varchar(32),
    reported_model       varchar(128),
    reported_memory_mib  bigint       not null,
    first_reported_at    timestamptz  not null,
    last_reported_at     timestamptz  not null,
    records              bigint       not null,
    primary key (node_id, device_key)
);
