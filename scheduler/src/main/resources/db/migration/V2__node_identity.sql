-- Enrolment: operators create one-time tokens scoped to their organisation, a region and a cluster; a node agent
-- exchanges one for a node identity. Only the SHA-256 of a token is stored.
create table enrollment_tokens (
    token_id      varchar(36)  primary key,
    token_hash    varchar(64)  not null unique,
    organisation  varchar(64)  not null,
    region        varchar(64)  not null,
    cluster       varchar(64)  not null,
    created_by    varchar(128) not null,
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    used_at       timestamptz,
    node_id       varchar(128)
);

-- A node's identity. Its credential is never stored: it is derived from the scheduler's master key, the node id and
-- the enrolment id, so a re-enrolled node gets a new one and the old one stops verifying.
create table node_identities (
    node_id        varchar(128) primary key,
    enrollment_id  varchar(36)  not null,
    organisation   varchar(64)  not null,
    region         varchar(64)  not null,
    cluster        varchar(64)  not null,
    hostname       varchar(255),
    enrolled_at    timestamptz  not null,
    revoked_at     timestamptz,
    revoked_by     varchar(128)
);

-- The devices a node was enrolled with; inventory naming any other device is rejected.
create table enrolled_devices (
    node_id     varchar(128) not null references node_identities (node_id) on delete cascade,
    device_key  varchar(128) not null,
    vendor      varchar(32)  not null,
    model       varchar(128) not null,
    primary key (node_id, device_key)
);
