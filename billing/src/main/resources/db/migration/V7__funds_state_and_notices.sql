-- Prepaid tenants' funds state as announced on computenet.funds-state.v1: version grows in the transaction of every
-- change of the tenant's funds; the publisher sends the current state and records the version it sent (an outbox
-- that keeps only the latest state: a crash between send and record sends the same state again, which readers ignore).
create table funds_states (
    tenant_id          varchar(128) primary key,
    version            bigint       not null,
    published_version  bigint       not null default 0,
    updated_at         timestamptz  not null
);
create index funds_states_unpublished on funds_states (tenant_id) where version > published_version;

-- Low-funds notices: a change took what the tenant can spend to or below a configured threshold. Shown in the
-- tenant's balance view; published to computenet.funds-alerts.v1 (published_at null: not yet).
create table funds_notices (
    id            bigserial      primary key,
    event_id      varchar(64)    not null unique,
    tenant_id     varchar(128)   not null,
    currency      char(3)        not null,
    threshold     numeric(18, 2) not null,
    available     numeric(18, 2) not null,
    balance       numeric(18, 2) not null,
    created_at    timestamptz    not null,
    published_at  timestamptz
);
create index funds_notices_tenant on funds_notices (tenant_id, created_at);
create index funds_notices_unpublished on funds_notices (id) where published_at is null;
