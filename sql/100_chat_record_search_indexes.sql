-- The chat records search (src/chat/chat-record-search.ts, src/store/chat/chat-record-repo.ts):
-- ended chats only, every page keyset on (created_at, id) newest first. The partial composite
-- index serves the bare list and the row comparison of the cursor; the agent and queue filters
-- (a team lead's scope is an agent list) get their own index ending in the same order, like the
-- call records' of 062. Live chats stay out of all three: they are few and read through chats_open.
create index chats_ended_created_id on chats (created_at desc, id desc) where state = 'ended';
create index chats_ended_agent_created on chats (agent_id, created_at desc, id desc) where state = 'ended';
create index chats_ended_queue_created on chats (queue_id, created_at desc, id desc) where state = 'ended';
-- The tag filter reads a tag's chats from the index alone (059's chat_tags_tag needed the table too).
create index chat_tags_tag_chat on chat_tags (tag, chat_id);
drop index chat_tags_tag;
