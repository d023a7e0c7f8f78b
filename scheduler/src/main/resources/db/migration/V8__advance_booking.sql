-- Advance booking: a lease that starts at a future time, with the whole devices reserved for it until then.
alter table leases
    add column starts_at            timestamptz,
    add column reserved_node_id     varchar(128),
    add column reserved_device_keys text;
create index leases_booked on leases (starts_at) where state = 'BOOKED';
