-- Prepaid tenants' funds as billing announced them (computenet.funds-state.v1): the highest version seen per tenant.
-- A tenant without a row is not prepaid and never refused for funds.
create table tenant_funds (
    tenant_id    varchar(128)   primary key,
    version      bigint         not null,
    currency     char(3)        not null,
    balance      numeric(18, 2) not null,
    vouchers     text           not null,  -- JSON array of the vouchers with money left
    reported_at  timestamptz    not null,
    received_at  timestamptz    not null
);
