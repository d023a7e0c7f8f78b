-- The charge lines each issued invoice's usage lines were summed from, frozen at issue (in the issuing transaction):
-- an issued month's FOCUS export is rebuilt from them and from the invoice lines, never from the live charge lines,
-- which a late lease event changes afterwards (that change is billed once, as a correction on a later invoice).
create table invoice_usage_lines (
    invoice_number         varchar(24)    not null,
    line_no                integer        not null,   -- the invoice's USAGE line this stretch is part of
    seq                    integer        not null,   -- order within the line (by stretch start)
    lease_id               varchar(64)    not null,
    usage_period           char(7)        not null,
    period_start           timestamptz    not null,
    period_end             timestamptz    not null,
    seconds                bigint         not null,
    price_per_device_hour  numeric(18, 6),
    amount                 numeric        not null,
    primary key (invoice_number, line_no, seq),
    foreign key (invoice_number, line_no) references invoice_lines (invoice_number, line_no)
);

create trigger invoice_usage_lines_immutable before update or delete on invoice_usage_lines
    for each row execute function refuse_change_to_issued_document();

-- Invoices issued before this version: their usage lines' stretches as rated now where they still add up to what the
-- line billed; otherwise the line itself as one stretch over its month (its unit price, null when it had several).
insert into invoice_usage_lines (invoice_number, line_no, seq, lease_id, usage_period, period_start, period_end,
                                 seconds, price_per_device_hour, amount)
select il.invoice_number, il.line_no, row_number() over (partition by il.invoice_number, il.line_no
                                                         order by cl.period_start),
       il.lease_id, il.usage_period, cl.period_start, cl.period_end, cl.seconds, cl.price_per_device_hour, cl.amount
  from invoice_lines il
  join invoices i on i.number = il.invoice_number
  join charge_lines cl on cl.lease_id = il.lease_id and cl.period = il.usage_period and cl.currency = i.currency
 where il.kind = 'USAGE'
   and il.amount = (select sum(x.amount) from charge_lines x
                     where x.lease_id = il.lease_id and x.period = il.usage_period and x.currency = i.currency);

insert into invoice_usage_lines (invoice_number, line_no, seq, lease_id, usage_period, period_start, period_end,
                                 seconds, price_per_device_hour, amount)
select il.invoice_number, il.line_no, 1, il.lease_id, il.usage_period,
       cast(il.usage_period || '-01T00:00:00Z' as timestamptz),
       cast(to_char(cast(il.usage_period || '-01' as date) + interval '1 month', 'YYYY-MM-DD') || 'T00:00:00Z'
            as timestamptz),
       il.seconds, il.unit_price, il.amount
  from invoice_lines il
 where il.kind = 'USAGE'
   and not exists (select 1 from invoice_usage_lines u
                    where u.invoice_number = il.invoice_number and u.line_no = il.line_no);
