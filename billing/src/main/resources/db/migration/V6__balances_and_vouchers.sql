-- Prepaid funds per tenant: a balance per currency (negative when usage ran past it), the top-ups that fed it, the
-- vouchers (compute credits) issued to it, and every draw a lease's usage made from a voucher or the balance.
create table tenant_balances (
    tenant_id   varchar(128)   not null,
    currency    char(3)        not null,
    balance     numeric(18, 2) not null,
    updated_at  timestamptz    not null,
    primary key (tenant_id, currency)
);

-- Top-ups recorded by finance or admins; a reference (e.g. the payment's) makes recording it again a no-op.
create table top_ups (
    id           bigserial      primary key,
    tenant_id    varchar(128)   not null,
    currency     char(3)        not null,
    amount       numeric(18, 2) not null check (amount > 0),
    reference    varchar(128),
    recorded_by  varchar(128)   not null,
    recorded_at  timestamptz    not null,
    unique (tenant_id, reference)
);
create index top_ups_tenant on top_ups (tenant_id, recorded_at);

-- Vouchers (compute credits, 算力券): an amount spendable until expires_at, in one region, on one vendor or anywhere.
create table vouchers (
    id            varchar(64)    primary key,
    tenant_id     varchar(128)   not null,
    currency      char(3)        not null,
    amount        numeric(18, 2) not null check (amount > 0),
    remaining     numeric(18, 2) not null check (remaining >= 0),
    expires_at    timestamptz    not null,
    scope_region  varchar(64),
    scope_vendor  varchar(32),
    reason        varchar(256),
    issued_by     varchar(128)   not null,
    issued_at     timestamptz    not null
);
create index vouchers_tenant on vouchers (tenant_id, expires_at);

-- The draws ledger: which lease's usage (up to accrued_until) took how much from which voucher (null: the balance).
-- A negative amount gives back what an earlier draw took (the charge was cut back). A lease's draws add up to its
-- charge's amount; the voucher draws of a period are the credits of its invoice.
create table fund_draws (
    id             bigserial      primary key,
    tenant_id      varchar(128)   not null,
    lease_id       varchar(64)    not null,
    voucher_id     varchar(64)    references vouchers (id),
    currency       char(3)        not null,
    amount         numeric(18, 2) not null,
    period         char(7)        not null,
    accrued_until  timestamptz    not null,
    drawn_at       timestamptz    not null
);
create index fund_draws_lease on fund_draws (lease_id, id);
create index fund_draws_tenant_period on fund_draws (tenant_id, period);
