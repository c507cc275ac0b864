-- One row per daily recording purge: when it ran and what it did. The daemon reads the last one
-- at start to run a purge it missed while it was down.
create table recording_purge_runs (
  id          text primary key,
  started_at  timestamptz not null,
  finished_at timestamptz not null,
  purged      integer not null,
  failed      integer not null,
  bytes_freed bigint not null
);
create index recording_purge_runs_started on recording_purge_runs (started_at desc);
