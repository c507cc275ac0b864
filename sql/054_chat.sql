-- Chats (issue 12): visitors of the web widget, their chats and the chats' numbered messages.
-- A visitor's token is stored as its SHA-256 only. Messages are numbered per chat (seq, from
-- chats.last_seq in the same transaction); (chat_id, client_id) is unique so a resent message is
-- stored once whatever the application does. client_id carries the author side ('v:' visitor,
-- 'a:' agent) so the two sides' ids never collide.
create table chat_visitors (
  id              text primary key,
  token_hash      text not null unique,
  created_at      timestamptz not null
);

create table chats (
  id              text primary key,
  visitor_id      text not null references chat_visitors (id),
  queue_id        text not null,
  state           text not null check (state in ('waiting', 'active', 'ended')),
  agent_id        text,
  visitor_name    text not null default '',
  page            text not null default '',
  created_at      timestamptz not null,
  assigned_at     timestamptz,
  ended_at        timestamptz,
  end_reason      text check (end_reason in ('visitor_left', 'agent_ended', 'visitor_inactive', 'no_agent')),
  outcome         text check (outcome in ('solved', 'unresolved', 'spam')),
  outcome_reason  text,
  last_seq        integer not null default 0,
  check (outcome <> 'spam' or outcome_reason is not null)
);
create index chats_open on chats (state) where state <> 'ended';
create index chats_visitor on chats (visitor_id, created_at desc);

create table chat_messages (
  chat_id         text not null references chats (id),
  seq             integer not null,
  author          text not null check (author in ('visitor', 'agent', 'system')),
  agent_id        text,
  client_id       text,
  body            text not null,
  at              timestamptz not null,
  primary key (chat_id, seq),
  unique (chat_id, client_id)
);
