-- Attachments (issue 12): images, files, video and voice clips sent in a chat, and (056) files
-- added to tickets. The bytes live in <dataDir>/attachments/<stored_name> (a random name); the
-- original name is kept here only, sanitized, for display. A chat upload is a chat message whose
-- attachment_id names its row: both are inserted in one transaction with the message's seq, so a
-- resent upload (same client id) is stored once like any message.
create table attachments (
  id            text primary key,
  -- The order they were added in (several can share a millisecond).
  seq           bigserial not null,
  kind          text not null check (kind in ('image', 'file', 'video', 'voice')),
  content_type  text not null,
  size_bytes    integer not null check (size_bytes > 0),
  name          text not null,
  stored_name   text not null unique,
  chat_id       text references chats (id),
  uploaded_by   text not null,
  created_at    timestamptz not null
);
create index attachments_chat on attachments (chat_id) where chat_id is not null;

alter table chat_messages add column attachment_id text references attachments (id);
