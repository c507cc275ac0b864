-- Recording of remote-assistance sessions (issue 20, docs/remote-assistance.md): an admin switch,
-- off by default, one row for the center (no row: off). A share asked for while it is on is
-- marked `recorded` at invite time and the visitor is told before consenting; the switch turned
-- on later never records a share whose visitor was not told.
create table chat_assist_settings (
  id             smallint primary key check (id = 1),
  record_shares  boolean not null,
  updated_at     timestamptz not null,
  updated_by     text not null
);

-- The agent's page records the received picture and uploads it once the share is over: the file
-- lives with the chat uploads (random name under <dataDir>/attachments), at most one per share.
alter table chat_shares add column recorded boolean not null default false;
alter table chat_shares add column recording_stored_name text;
alter table chat_shares add column recording_size bigint;
alter table chat_shares add column recording_at timestamptz;
