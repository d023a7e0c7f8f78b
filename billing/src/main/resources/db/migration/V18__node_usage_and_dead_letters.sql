-- Nodes' recent utilisation is read by node (the operator's nodes page).
create index usage_samples_node on usage_samples (node_id, sampled_at);

-- Records billing or the scheduler dead-lettered, as read back from computenet.dead-letter.v1 for admins. A record
-- of the dead-letter topic is stored once (its partition and offset are its identity).
create table dead_letters (
    dl_partition     integer      not null,
    dl_offset        bigint       not null,
    dead_lettered_at timestamptz  not null,
    origin_topic     varchar(255),
    origin_partition integer,
    origin_offset    bigint,
    reason           text,
    exception_class  varchar(512),
    record_key       varchar(512),
    payload          text,
    primary key (dl_partition, dl_offset)
);
create index dead_letters_time on dead_letters (dead_lettered_at desc);
