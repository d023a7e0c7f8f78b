-- Slices: the profiles each device can hand out (as its node agent reported them), the slices handed out, and what
-- a lease asked for and got.
alter table devices add column slice_profiles text;

create table slice_allocations (
    id         bigserial    primary key,
    lease_id   varchar(64)  not null references leases (lease_id) on delete cascade,
    node_id    varchar(128) not null,
    device_key varchar(128) not null,
    mode       varchar(8)   not null,
    profile    varchar(64),
    memory_mib bigint       not null,
    compute    integer      not null,
    first_slot integer      not null,
    slot_count integer      not null,
    unique (lease_id, node_id, device_key)
);
create index slice_allocations_device on slice_allocations (node_id, device_key);

alter table leases
    add column sharing           varchar(8),
    add column compute_pct       integer,
    add column requested_model   varchar(128),
    add column requested_profile varchar(64),
    add column required_framework varchar(32),
    add column max_price_per_hour numeric(12, 2),
    add column slice_mode        varchar(8),
    add column slice_profile     varchar(64),
    add column slice_memory_mib  bigint,
    add column slice_compute     integer,
    add column slice_resource    varchar(253),
    add column compute_fraction  double precision,
    add column share             numeric(6, 4) not null default 1;
