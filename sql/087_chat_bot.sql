-- The chat bot (issue 21) and article cards (issue 12). A chat records its source channel
-- (web, mobile_web, app, messaging) and may start with the bot (state 'bot') before it enters the
-- queue; `handover` keeps why the bot handed it to a person (reason and the turns or scores).
-- Messages may be written by the bot; a message may carry an article card (article id, title,
-- excerpt) and the bot's line as a key the widget shows in the visitor's language (bot_say).
alter table chats drop constraint chats_state_check;
alter table chats add constraint chats_state_check check (state in ('bot', 'waiting', 'active', 'ended'));
alter table chats add column channel text not null default 'web' check (channel in ('web', 'mobile_web', 'app', 'messaging'));
alter table chats add column handover jsonb;

alter table chat_messages drop constraint chat_messages_author_check;
alter table chat_messages add constraint chat_messages_author_check check (author in ('visitor', 'agent', 'system', 'bot'));
alter table chat_messages add column card jsonb;
alter table chat_messages add column bot_say text;

-- One row per channel an admin has set (a channel without a row: the bot is off).
create table chat_bot_settings (
  channel      text primary key check (channel in ('web', 'mobile_web', 'app', 'messaging')),
  mode         text not null check (mode in ('off', 'always', 'outside_hours')),
  calendar_id  text,
  handover     jsonb not null,
  updated_at   timestamptz not null,
  updated_by   text not null
);

-- The words admins add to the sentiment lists and the hand-over phrases: one row for the center.
create table chat_bot_words (
  id           integer primary key check (id = 1),
  words        jsonb not null,
  updated_at   timestamptz not null,
  updated_by   text not null
);

-- The bot's part of each chat it answered: its counters, why it handed over, what solved it.
-- The reports read status, handover_reason and solved_article_id; `session` is the whole state.
create table chat_bot_sessions (
  chat_id            text primary key references chats (id),
  channel            text not null,
  started_at         timestamptz not null,
  status             text not null check (status in ('bot', 'handed_over', 'ended')),
  handover_reason    text check (handover_reason in ('asked', 'unhelpful', 'negative', 'vip')),
  solved_article_id  text,
  session            jsonb not null,
  updated_at         timestamptz not null
);
create index chat_bot_sessions_started on chat_bot_sessions (started_at);
