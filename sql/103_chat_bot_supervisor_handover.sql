-- Issue 21: a supervisor may hand a chat the bot has to a person; the bot's session records the
-- reason 'supervisor' like its own reasons (the bot report counts it).
alter table chat_bot_sessions drop constraint chat_bot_sessions_handover_reason_check;
alter table chat_bot_sessions add constraint chat_bot_sessions_handover_reason_check
  check (handover_reason in ('asked', 'unhelpful', 'negative', 'vip', 'supervisor'));
