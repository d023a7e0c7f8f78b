-- Rows that only serve to recognise a repeat are deleted after a retention (SchedulerConfig.Retention): relayed
-- outbox rows, and ids of applied inventory events (every heartbeat wrote one, kept for ever: at 10,000 nodes that
-- was 1,000 rows a second). Both deletes find their rows by these indexes.
create index outbox_published on outbox (published_at) where published_at is not null;
create index processed_events_processed_at on processed_events (processed_at);
