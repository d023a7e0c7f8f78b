-- The nodes of a gang lease, one row per node in rank order (rank 0 hosts the rendezvous and is also the lease row's
-- node_id and device_keys). Each member has its own Pod, and its own id (member_lease_id) for the lease events billing
-- itemises per node.
create table lease_members (
    lease_id        varchar(64)  not null references leases (lease_id) on delete cascade,
    node_rank       integer      not null,
    member_lease_id varchar(80)  not null unique,
    node_id         varchar(128) not null,
    operator_id     varchar(128) not null,
    hostname        varchar(255),
    device_keys     text         not null,
    topology        varchar(128),
    pod_name        varchar(253) not null,
    primary key (lease_id, node_rank)
);
create index lease_members_node on lease_members (node_id);
