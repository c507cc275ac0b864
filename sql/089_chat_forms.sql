-- Forms and surveys in chat (issue 21). A form (or survey) is edited by saving a new version;
-- versions are never changed, so every stored answer is read against the very definition it
-- answered (chat_form_requests names form and version).
create table chat_forms (
  id              text primary key,
  kind            text not null check (kind in ('form', 'survey')),
  name            text not null,
  current_version integer not null,
  archived        boolean not null default false,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);

create table chat_form_versions (
  form_id     text not null references chat_forms (id),
  version     integer not null,
  -- jsonb: {kind, title: {en, zh}, fields: [...]} as src/forms/form-rules.ts describes.
  definition  jsonb not null,
  created_by  text not null,
  created_at  timestamptz not null,
  primary key (form_id, version)
);

-- A form put to a chat's visitor: sent by an agent, or asked before the chat (pre-chat, sent_by null).
-- ticket_id: the agent chose to have the answers added to that ticket as an internal note.
create table chat_form_requests (
  id          text primary key,
  chat_id     text not null references chats (id),
  form_id     text not null,
  version     integer not null,
  prechat     boolean not null default false,
  sent_by     text,
  ticket_id   text references tickets (id),
  sent_at     timestamptz not null,
  foreign key (form_id, version) references chat_form_versions (form_id, version)
);
create index chat_form_requests_chat on chat_form_requests (chat_id, sent_at);

-- One answer per request (the key: a survey answered twice stores nothing more), and the
-- visitor's client id unique per chat like chat messages (a resend is recognized, not stored).
create table chat_form_answers (
  request_id  text primary key references chat_form_requests (id),
  chat_id     text not null references chats (id),
  visitor_id  text not null references chat_visitors (id),
  client_id   text not null,
  answers     jsonb not null,
  at          timestamptz not null,
  unique (chat_id, client_id)
);
create index chat_form_answers_visitor on chat_form_answers (visitor_id, at desc);

-- The form a channel's widget asks before a chat starts (none: the chat starts at once).
create table chat_prechat_forms (
  channel     text primary key check (channel in ('web', 'mobile_web', 'app')),
  form_id     text not null references chat_forms (id),
  updated_at  timestamptz not null
);
