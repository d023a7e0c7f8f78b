-- The reconciler reads, every tick, the live leases (leases_active) and the ended ones whose Pod it has still to
-- delete: this index serves the second half, which read every lease ever ended.
create index leases_pod_to_delete on leases (lease_id)
    where pod_deleted = false and state in ('RELEASED', 'EXPIRED', 'FAILED', 'PREEMPTED');
