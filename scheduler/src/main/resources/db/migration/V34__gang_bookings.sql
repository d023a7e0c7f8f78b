-- Advance bookings of gang leases: every node's reserved devices, in rank order, one line per node
-- ("<node id><TAB><device key>,<device key>..."). Null for a booking on one node, which keeps using reserved_node_id and
-- reserved_device_keys (a gang's booking also writes its rank 0 there, the node its view names).
alter table leases add column reserved_members text;
