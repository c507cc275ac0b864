-- Recording retention per queue (issue 14): how many whole local days a queue's call recordings
-- are kept after the day they stopped; null keeps them forever. A purged recording keeps its row
-- (purged_at, and why) so that the records page says "purged" rather than "missing".
alter table queues add column recording_retention_days integer
  check (recording_retention_days is null or recording_retention_days between 1 and 36500);
alter table call_recordings add column purged_at timestamptz;
alter table call_recordings add column purge_reason text
  check (purge_reason is null or purge_reason in ('retention', 'deleted'));
alter table call_recordings add constraint call_recordings_purge_pair
  check ((purged_at is null) = (purge_reason is null));
-- The daily purge looks for stopped, unpurged recordings older than a cutoff.
create index call_recordings_purge_due on call_recordings (stopped_at) where purged_at is null;
