-- Requests and tokens per inference endpoint and API key per traffic window (topic computenet.endpoint-usage.v1).
-- One row per event: a redelivered event (same id) is ignored. A window (about a second) belongs to the UTC month
-- its end falls in.
create table endpoint_usage (
    event_id          varchar(256) primary key,
    tenant_id         varchar(128) not null,
    endpoint_id       varchar(64)  not null,
    endpoint_name     varchar(64)  not null,
    key_id            varchar(64)  not null,
    window_start      timestamptz  not null,
    window_end        timestamptz  not null,
    requests          bigint       not null check (requests >= 0),
    prompt_tokens     bigint       not null check (prompt_tokens >= 0),
    completion_tokens bigint       not null check (completion_tokens >= 0),
    received_at       timestamptz  not null default now(),
    check (window_start <= window_end)
);

create index endpoint_usage_by_window on endpoint_usage (window_end, tenant_id);
