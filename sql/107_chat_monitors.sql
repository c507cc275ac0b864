-- Chat supervision (issue 12): who monitors which chat, so monitoring outlives a daemon restart or
-- a standby taking over (docs/standby.md). A row is written when a supervisor starts monitoring and
-- removed when they stop, take the chat over, or the chat ends; at start the daemon loads the rows
-- of chats still open and removes those of chats that ended while it was down.
create table chat_monitors (
  chat_id   text not null references chats (id),
  user_id   text not null,
  since     timestamptz not null,
  primary key (chat_id, user_id)
);
