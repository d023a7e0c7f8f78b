-- A lease that booked a quote is rated at the price the quote held (per device-hour, in its currency) for its whole
-- run, whatever the price books say meanwhile; null for every other lease, which the price books rate.
alter table charges add column held_price_per_device_hour numeric(18, 6);
alter table charges add column held_price_currency char(3);
alter table charges add constraint charges_held_price_complete
    check ((held_price_per_device_hour is null) = (held_price_currency is null));
