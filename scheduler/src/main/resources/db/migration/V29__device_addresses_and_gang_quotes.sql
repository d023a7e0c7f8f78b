-- Ascend devices' own RoCE addresses (address_<id> in the host's /etc/hccn.conf) as their node agents report them in
-- full inventories: the HCCL rank table of a gang lease names each device's device_ip. Null for other vendors and for
-- nodes that report none. Not a capacity column (the capacity change feed's triggers ignore it).
alter table devices add column device_ip varchar(15);

-- Quotes for gang leases: the node count (device_count is every device of the gang, N x M; 1 for one node).
alter table quotes add column node_count integer not null default 1;
