-- Price books versioned by validity start: a change is a new entry that applies from valid_from on and never
-- rewrites the past. An entry prices a whole device (slice_kind null), every slice of a kind, or one slice profile,
-- on demand or interruptible; the price is always per device-hour (a slice costs its share of it).
alter table price_book_entries drop constraint price_book_entries_operator_id_region_device_model_key;
alter table price_book_entries
    add column slice_kind    varchar(8),
    add column slice_profile varchar(64),
    add column term          varchar(16)  not null default 'ON_DEMAND',
    add column valid_from    timestamptz  not null default '2020-01-01T00:00:00Z',
    add column created_at    timestamptz  not null default now(),
    add column created_by    varchar(128) not null default 'migration';
alter table price_book_entries alter column valid_from drop default;
create unique index price_book_entries_key on price_book_entries (coalesce(operator_id, ''), region, device_model,
    coalesce(slice_kind, ''), coalesce(slice_profile, ''), term, valid_from);

-- Charges accrue while a lease runs: rated up to accrued_until (now, or the end once the lease ended).
-- UNRATED becomes UNPRICED: some of the lease's seconds had no valid price (counted, listed, never exported as 0).
alter table charges
    add column interruptible    boolean     not null default false,
    add column accrued_until    timestamptz,
    add column unpriced_seconds bigint      not null default 0;
update charges set status = 'UNPRICED', unpriced_seconds = coalesce(seconds, 0) where status = 'UNRATED';
update charges set accrued_until = ended_at where ended_at is not null;
create index charges_open on charges (status) where ended_at is null;

-- A charge line is one stretch of a lease in one period at one price (split at month boundaries and price changes):
-- keyed by its start, with the price it was rated at.
alter table charge_lines drop constraint charge_lines_pkey;
alter table charge_lines
    add column price_per_device_hour numeric(18, 6),
    add column currency              char(3);
update charge_lines l set price_per_device_hour = c.price_per_device_hour, currency = c.currency
    from charges c where c.lease_id = l.lease_id;
alter table charge_lines
    alter column price_per_device_hour set not null,
    alter column currency set not null,
    add primary key (lease_id, period_start);
