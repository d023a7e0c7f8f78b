-- Per-tenant limits checked at admission: a monthly GPU-hour budget and device quotas by region and/or vendor.
create table tenant_budgets (
    tenant_id          varchar(128)  primary key,
    monthly_gpu_hours  numeric(12, 2) not null check (monthly_gpu_hours >= 0),
    updated_at         timestamptz   not null,
    updated_by         varchar(128)  not null
);

create table tenant_quotas (
    id           bigserial    primary key,
    tenant_id    varchar(128) not null,
    region       varchar(64),
    vendor       varchar(32),
    max_devices  integer      not null check (max_devices >= 0),
    unique nulls not distinct (tenant_id, region, vendor)
);
