-- Nodes and devices as the node agents report them.
create table nodes (
    node_id        varchar(128) primary key,
    operator_id    varchar(128) not null,
    region         varchar(64)  not null,
    cluster        varchar(64)  not null,
    hostname       varchar(255),
    schedulable    boolean      not null default true,
    last_seen_at   timestamptz  not null,
    last_event_at  timestamptz  not null
);

create table devices (
    id              bigserial    primary key,
    node_id         varchar(128) not null references nodes (node_id) on delete cascade,
    device_key      varchar(128) not null,
    vendor          varchar(32)  not null,
    model           varchar(128) not null,
    device_index    integer      not null,
    bus_id          varchar(32),
    memory_mib      bigint       not null,
    memory_used_mib bigint,
    utilization_pct double precision,
    health          varchar(16)  not null,
    lease_id        varchar(64),
    unique (node_id, device_key)
);
create index devices_free on devices (node_id) where lease_id is null;

create table leases (
    lease_id              varchar(64)  primary key,
    tenant_id             varchar(128) not null,
    state                 varchar(16)  not null,
    memory_mib_per_device bigint       not null,
    device_count          integer      not null,
    requested_region      varchar(64),
    requested_vendor      varchar(32),
    workload_class        varchar(16)  not null,
    image                 varchar(512) not null,
    command               text,
    duration_seconds      bigint       not null,
    region                varchar(64),
    cluster               varchar(64),
    node_id               varchar(128),
    operator_id           varchar(128),
    vendor                varchar(32),
    device_model          varchar(128),
    device_memory_mib     bigint,
    device_keys           text,
    pod_namespace         varchar(63),
    pod_name              varchar(253),
    pod_deleted           boolean      not null default false,
    requested_at          timestamptz  not null,
    scheduled_at          timestamptz,
    started_at            timestamptz,
    ends_at               timestamptz,
    ended_at              timestamptz,
    reason                text,
    version               bigint       not null default 0
);
create index leases_tenant on leases (tenant_id, requested_at desc);
create index leases_active on leases (state) where state in ('SCHEDULED', 'STARTING', 'RUNNING');

-- Event ids a consumer has applied: a redelivered event changes nothing.
create table processed_events (
    event_id     varchar(64) primary key,
    processed_at timestamptz not null
);

-- Transactional outbox: written in the same transaction as the state it announces, relayed to Kafka in order.
create table outbox (
    id           bigserial    primary key,
    topic        varchar(128) not null,
    record_key   varchar(128) not null,
    payload      text         not null,
    created_at   timestamptz  not null,
    published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
