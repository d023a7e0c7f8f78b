-- Invoices: issued once per closed month for each tenant (and currency), numbered gap-free per year of issue, never
-- changed afterwards (triggers refuse updates and deletes); a late change to an invoiced month is billed as a
-- correction line on a later invoice.

-- A month's issuing run: once it is here the month is closed for invoicing (issuing again returns what was issued).
create table invoice_runs (
    period      char(7)       primary key,            -- YYYY-MM
    issued_at   timestamptz   not null,
    issued_by   varchar(128)  not null
);

-- The last number issued per year; advanced in the transaction that stores the invoice, so numbers have no gaps.
create table invoice_number_counters (
    year         integer  primary key,
    last_number  bigint   not null
);

create table invoices (
    number      varchar(24)   primary key,            -- CN-YYYY-NNNNNN
    year        integer       not null,
    sequence    bigint        not null,
    tenant_id   varchar(128)  not null,
    period      char(7)       not null,
    currency    char(3)       not null,
    issued_at   timestamptz   not null,
    subtotal    numeric       not null,               -- usage and corrections, before credits and tax
    credits     numeric       not null,               -- zero or negative
    tax_base    numeric       not null,
    tax_label   varchar(32)   not null,
    tax_rate    numeric(7, 6) not null,               -- a fraction: 0.06 for 6 %
    tax         numeric       not null,
    total       numeric       not null,
    html        text          not null,               -- the rendering, fixed at issue
    unique (year, sequence),
    unique (tenant_id, period, currency)
);
create index invoices_tenant on invoices (tenant_id, period);

create table invoice_lines (
    invoice_number  varchar(24)   not null references invoices (number),
    line_no         integer       not null,
    kind            varchar(16)   not null,           -- USAGE, CORRECTION, CREDIT, TAX
    lease_id        varchar(64),
    usage_period    char(7),
    operator_id     varchar(128),
    region          varchar(64),
    device_model    varchar(128),
    slice           varchar(80),
    device_count    integer       not null,
    seconds         bigint        not null,
    unit_price      numeric(18, 6),
    reference       varchar(128),
    description     text          not null,
    amount          numeric       not null,
    primary key (invoice_number, line_no)
);
create index invoice_lines_lease on invoice_lines (lease_id, usage_period) where lease_id is not null;

create function refuse_change_to_issued_document() returns trigger language plpgsql as $$
begin
    raise exception 'issued documents are immutable: % may not be changed', tg_table_name using errcode = '55000';
end
$$;
create trigger invoices_immutable before update or delete on invoices
    for each row execute function refuse_change_to_issued_document();
create trigger invoice_lines_immutable before update or delete on invoice_lines
    for each row execute function refuse_change_to_issued_document();
