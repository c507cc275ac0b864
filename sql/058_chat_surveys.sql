-- The visitor's satisfaction survey after a chat the agent ended as solved (issue 12): a score
-- from 1 to 5 and an optional comment, one per chat (the key: a resent answer is stored once).
create table chat_surveys (
  chat_id     text primary key references chats (id),
  score       smallint not null,
  comment     text not null default '',
  at          timestamptz not null,
  constraint chat_surveys_score_range check (score between 1 and 5)
);
create index chat_surveys_at on chat_surveys (at);
