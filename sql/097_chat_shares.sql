-- Remote assistance (issue 20): every screen share of a chat, from the agent's invitation to its
-- end, with who asked, the quality asked for, when the visitor consented, when the picture went
-- live and who ended it. The screen itself is never stored here (it goes peer to peer).
-- A share's line on the chat's timeline is a system message carrying `assist` (AssistNote).
create table chat_shares (
  id              text primary key,
  chat_id         text not null references chats (id),
  agent_id        text not null,
  by_user_id      text not null,
  quality         text not null check (quality in ('speed', 'picture')),
  state           text not null check (state in ('invited', 'accepted', 'live', 'ended', 'declined')),
  invited_at      timestamptz not null,
  accepted_at     timestamptz,
  live_at         timestamptz,
  ended_at        timestamptz,
  ended_by        text check (ended_by in ('visitor', 'agent', 'system'))
);
create index chat_shares_chat on chat_shares (chat_id, invited_at);

alter table chat_messages add column assist jsonb;
