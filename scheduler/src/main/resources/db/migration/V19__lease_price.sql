-- The price a lease was placed at (per device-hour, in its currency), so the lease view shows what it costs an hour
-- and for its duration; null for leases placed while no price could be read, and for leases placed before this.
alter table leases add column price_per_device_hour numeric(12, 4);
alter table leases add column price_currency varchar(3);
