-- A lease may hold a slice of one device: it is billed for its share of the device's price.
alter table charges
    add column share         numeric(6, 4) not null default 1,
    add column slice_kind    varchar(8),
    add column slice_profile varchar(64);
