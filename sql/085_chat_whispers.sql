-- Chat supervision (issue 12): a supervisor's whispers to the agent serving a chat.
--
-- Whispers live in their own table, never in chat_messages, for the same reason as private notes
-- (sql/059): every path that reads a chat for its visitor (the widget socket, the catch-up after a
-- reconnect or resume, uploads, tickets) reads chat_messages only, so a whisper cannot reach the
-- visitor through a forgotten filter, and the visitor's message numbering stays without gaps.
-- after_seq places the whisper in the conversation (the highest message seq when it was written);
-- agent_id is the agent it was meant for (the chat's handler at that moment).
create table chat_whispers (
  id                  text primary key,
  -- Insertion order: whispers written in the same millisecond still read back in order.
  seq                 bigserial not null,
  chat_id             text not null references chats (id),
  agent_id            text not null,
  supervisor_user_id  text not null,
  supervisor_name     text not null,
  body                text not null,
  after_seq           integer not null,
  at                  timestamptz not null
);
create index chat_whispers_chat on chat_whispers (chat_id, seq);
