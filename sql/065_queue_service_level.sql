-- Service-level threshold per queue (issue 11): a caller answered within this many seconds of
-- entering the queue counts as answered in service level. 20 s was the fixed value before.
alter table queues add column service_level_seconds integer not null default 20
  check (service_level_seconds between 1 and 3600);
