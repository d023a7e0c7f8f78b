-- Operators' payout statements: per closed month (issued in the same run as the invoices), operator and currency, what
-- the operator's nodes earned (gross, as billed to tenants), the platform fee and the net; never changed afterwards.
create table payout_statements (
    operator_id  varchar(128)  not null,
    period       char(7)       not null,
    currency     char(3)       not null,
    issued_at    timestamptz   not null,
    gross        numeric       not null,
    fee          numeric       not null,
    net          numeric       not null,
    primary key (operator_id, period, currency)
);
create index payout_statements_period on payout_statements (period);

create table payout_lines (
    operator_id   varchar(128)  not null,
    period        char(7)       not null,
    currency      char(3)       not null,
    line_no       integer       not null,
    kind          varchar(16)   not null,             -- USAGE, CORRECTION
    lease_id      varchar(64)   not null,
    tenant_id     varchar(128),
    usage_period  char(7)       not null,
    device_model  varchar(128),
    slice         varchar(80),
    seconds       bigint        not null,
    gross         numeric       not null,
    fee_percent   numeric(5, 2) not null,
    fee           numeric       not null,
    net           numeric       not null,
    primary key (operator_id, period, currency, line_no),
    foreign key (operator_id, period, currency) references payout_statements (operator_id, period, currency)
);

create trigger payout_statements_immutable before update or delete on payout_statements
    for each row execute function refuse_change_to_issued_document();
create trigger payout_lines_immutable before update or delete on payout_lines
    for each row execute function refuse_change_to_issued_document();
