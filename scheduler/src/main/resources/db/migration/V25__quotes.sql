-- Quotes: priced options held for a tenant until valid_until; a lease request with the quote's id books it once
-- (booked_lease_id), inside its option (region, operator, model, slice kind and profile) at its price.
create table quotes (
    quote_id               varchar(32)    primary key,
    tenant_id              varchar(128)   not null,
    created_at             timestamptz    not null,
    valid_until            timestamptz    not null,
    region                 varchar(64)    not null,
    tier                   varchar(8)     not null,
    operator_id            varchar(128)   not null,
    vendor                 varchar(32)    not null,
    device_model           varchar(128)   not null,
    device_memory_mib      bigint         not null,
    slice_kind             varchar(8),
    slice_profile          varchar(64),
    share                  numeric(6, 4)  not null,
    memory_mib_per_device  bigint         not null,
    device_count           integer        not null,
    duration_minutes       integer        not null,
    workload_class         varchar(16)    not null,
    compute_pct            integer,
    sharing                varchar(16)    not null,
    framework              varchar(64),
    price_per_device_hour  numeric(18, 6) not null,
    currency               varchar(3)     not null,
    booked_lease_id        varchar(64),
    booked_at              timestamptz
);
create index quotes_unbooked_until on quotes (valid_until) where booked_lease_id is null;

-- The quote a lease was booked with: its price is held (price_per_device_hour is the quote's), and a queued lease
-- stays inside the quote's option.
alter table leases add column quote_id varchar(32);
