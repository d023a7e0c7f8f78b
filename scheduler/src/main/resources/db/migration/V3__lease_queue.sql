-- Leases that cannot be placed now wait in a queue, in priority then arrival order, until they fit or their
-- deadline passes; pending_reasons says why they wait (one reason per line).
alter table leases add column priority integer not null default 100;
alter table leases add column queue_deadline timestamptz;
alter table leases add column pending_reasons text;
create index leases_queued on leases (priority desc, requested_at) where state = 'QUEUED';
