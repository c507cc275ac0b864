-- The agent's chat workspace (issue 12): canned replies, private notes and tags on a chat.
--
-- Canned replies: personal (owner_agent_id set) or team (owner_team_id set), never both. A
-- shortcut ('/hello', lowercase, checked by src/chat/canned-replies.ts) is unique per owner:
-- scope_key is 'a:<agentId>' or 't:<teamId>', so one unique index covers both scopes.
create table canned_replies (
  id              text primary key,
  scope           text not null check (scope in ('personal', 'team')),
  owner_agent_id  text,
  owner_team_id   text,
  scope_key       text not null,
  shortcut        text not null,
  title           text not null,
  body            text not null,
  language        text check (language in ('en', 'zh')),
  created_by      text not null,
  created_at      timestamptz not null,
  updated_at      timestamptz not null,
  check ((scope = 'personal' and owner_agent_id is not null and owner_team_id is null)
      or (scope = 'team' and owner_team_id is not null and owner_agent_id is null)),
  constraint canned_replies_shortcut_unique unique (scope_key, shortcut)
);

-- Private notes live in their own table, never in chat_messages: every path that reads a chat
-- for its visitor (the socket, the catch-up after a reconnect, uploads, tickets) reads
-- chat_messages only, so a note cannot reach the visitor by a forgotten filter, and the visitor's
-- message numbering (seq, which the widget needs without gaps) is untouched. after_seq places
-- the note in the conversation: the highest message seq when it was written.
create table chat_notes (
  id              text primary key,
  -- Insertion order: notes written in the same millisecond still read back in order.
  seq             bigserial not null,
  chat_id         text not null references chats (id),
  author_user_id  text not null,
  author_agent_id text,
  author_name     text not null,
  body            text not null,
  after_seq       integer not null,
  at              timestamptz not null
);
create index chat_notes_chat on chat_notes (chat_id, seq);

-- Tags on a chat: normalized (trimmed, inner spaces collapsed, lowercase) by src/chat/chat-tags.ts.
create table chat_tags (
  chat_id         text not null references chats (id),
  tag             text not null,
  -- The order the agent gave them in.
  position        integer not null,
  added_by        text not null,
  added_at        timestamptz not null,
  primary key (chat_id, tag)
);
create index chat_tags_tag on chat_tags (tag);
