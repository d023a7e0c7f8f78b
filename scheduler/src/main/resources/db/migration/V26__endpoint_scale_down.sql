-- Scale-down hysteresis (issue 21): since when an endpoint's load has wanted fewer replicas than it holds; it scales
-- in only once that has lasted the scheduler's scale-down delay. Null while the load does not want fewer.
alter table endpoints add column scale_down_since timestamptz;
