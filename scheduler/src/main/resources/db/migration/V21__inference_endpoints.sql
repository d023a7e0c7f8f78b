-- Inference endpoints (issue 21): an endpoint serves one model from replicas, each replica an ordinary lease of the
-- endpoint's tenant (leases.endpoint_id). A deleted endpoint keeps its row (deleted_at set); a tenant's live names
-- are unique.
create table endpoints (
    endpoint_id           varchar(16)    primary key,
    tenant_id             varchar(128)   not null,
    name                  varchar(40)    not null,
    model                 varchar(200)   not null,
    revision              varchar(128)   not null,
    framework             varchar(32)    not null,
    memory_gib            numeric(8, 2)  not null,
    min_replicas          integer        not null,
    max_replicas          integer        not null,
    desired_replicas      integer        not null,
    region                varchar(64),
    max_price_per_hour    numeric(12, 4),
    rate_limit_per_minute integer        not null,
    target_concurrency    integer        not null,
    idle_minutes          integer        not null,
    -- the load of the gateway's last traffic report and when it arrived (scheduler clock); when a request was last seen
    in_flight             integer        not null default 0,
    waiting               integer        not null default 0,
    load_reported_at      timestamptz,
    last_request_at       timestamptz,
    -- served so far (traffic reports)
    requests              bigint         not null default 0,
    prompt_tokens         bigint         not null default 0,
    completion_tokens     bigint         not null default 0,
    -- why the last replica request was refused, and when; cleared when a replica is placed
    refusal               text,
    refused_at            timestamptz,
    created_at            timestamptz    not null,
    deleted_at            timestamptz,
    -- set once every replica lease is released and the Services deleted
    cleaned_up            boolean        not null default false,
    version               bigint         not null default 0
);
create unique index endpoints_live_name on endpoints (tenant_id, name) where deleted_at is null;
create index endpoints_tenant on endpoints (tenant_id);

-- API keys: SHA-256 of the key only (the key is shown once), with what each key was used for.
create table endpoint_api_keys (
    key_id            varchar(16)  primary key,
    endpoint_id       varchar(16)  not null references endpoints (endpoint_id),
    prefix            varchar(12)  not null,
    sha256            char(64)     not null unique,
    created_at        timestamptz  not null,
    revoked_at        timestamptz,
    requests          bigint       not null default 0,
    prompt_tokens     bigint       not null default 0,
    completion_tokens bigint       not null default 0
);
create index endpoint_api_keys_endpoint on endpoint_api_keys (endpoint_id);

-- Traffic reports already counted (a repeated reportId is ignored); pruned after the event-id retention.
create table endpoint_traffic_reports (
    report_id   uuid        primary key,
    received_at timestamptz not null
);
create index endpoint_traffic_reports_received on endpoint_traffic_reports (received_at);

-- A replica lease: its endpoint, what it serves, and whether its Pod is ready at which address.
alter table leases add column endpoint_id varchar(16);
alter table leases add column serving_model varchar(200);
alter table leases add column serving_revision varchar(128);
alter table leases add column replica_ready boolean not null default false;
alter table leases add column replica_url varchar(256);
create index leases_endpoint on leases (endpoint_id) where endpoint_id is not null;
