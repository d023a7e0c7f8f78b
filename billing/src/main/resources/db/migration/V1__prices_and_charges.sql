-- Operators' price books: a price per device-hour for a device model in a region.
create table price_book_entries (
    id                     bigserial     primary key,
    operator_id            varchar(128),              -- null: the marketplace default for every operator
    region                 varchar(64)   not null,
    vendor                 varchar(32)   not null,
    device_model           varchar(128)  not null,
    price_per_device_hour  numeric(18, 6) not null check (price_per_device_hour >= 0),
    currency               char(3)       not null,
    unique (operator_id, region, device_model)
);

-- One charge per lease that ran: opened by lease.started, closed by lease.ended.
create table charges (
    lease_id               varchar(64)   primary key,
    tenant_id              varchar(128)  not null,
    operator_id            varchar(128)  not null,
    region                 varchar(64)   not null,
    vendor                 varchar(32)   not null,
    device_model           varchar(128)  not null,
    device_count           integer       not null,
    started_at             timestamptz   not null,
    ended_at               timestamptz,
    end_state              varchar(16),
    price_per_device_hour  numeric(18, 6),
    currency               char(3),
    status                 varchar(16)   not null,  -- OPEN, CLOSED, UNRATED
    seconds                bigint,
    amount                 numeric(18, 2)
);
create index charges_tenant on charges (tenant_id);

-- The closed charge split by billing period (calendar month, UTC): what exports and invoices read.
create table charge_lines (
    lease_id      varchar(64)   not null references charges (lease_id),
    period        char(7)       not null,              -- YYYY-MM
    period_start  timestamptz   not null,
    period_end    timestamptz   not null,
    seconds       bigint        not null,
    amount        numeric(18, 2) not null,
    primary key (lease_id, period)
);
create index charge_lines_period on charge_lines (period);

create table processed_events (
    event_id     varchar(64) primary key,
    processed_at timestamptz not null
);
