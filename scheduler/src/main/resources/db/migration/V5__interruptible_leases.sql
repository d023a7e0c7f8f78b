-- Interruptible leases may be preempted by on-demand leases of the same or higher priority.
alter table leases add column interruptible boolean not null default false;
