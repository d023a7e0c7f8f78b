-- Every price book change, kept: who, when, the key, the price it replaces for that key (null for a new key) and the
-- new one, from its validity start.
create table price_book_changes (
    id             bigserial     primary key,
    entry_id       bigint        not null references price_book_entries (id),
    changed_at     timestamptz   not null,
    changed_by     varchar(128)  not null,
    operator_id    varchar(128),
    region         varchar(64)   not null,
    device_model   varchar(128)  not null,
    slice_kind     varchar(8),
    slice_profile  varchar(64),
    term           varchar(16)   not null,
    valid_from     timestamptz   not null,
    old_price      numeric(18, 6),
    old_currency   char(3),
    new_price      numeric(18, 6) not null,
    new_currency   char(3)       not null
);
create index price_book_changes_operator on price_book_changes (operator_id, changed_at);

-- The platform fee the marketplace keeps of what an operator's nodes earn, set by admins, and its history.
create table operator_platform_fees (
    operator_id  varchar(128)  primary key,
    fee_percent  numeric(5, 2) not null check (fee_percent >= 0 and fee_percent <= 100),
    updated_at   timestamptz   not null,
    updated_by   varchar(128)  not null
);
create table platform_fee_changes (
    id           bigserial     primary key,
    operator_id  varchar(128)  not null,
    changed_at   timestamptz   not null,
    changed_by   varchar(128)  not null,
    old_percent  numeric(5, 2),
    new_percent  numeric(5, 2) not null
);
create index platform_fee_changes_operator on platform_fee_changes (operator_id, changed_at);
