-- Reports (src/store/reports/report-rows-repo.ts) read time ranges of these tables across every
-- agent and queue: the agent-state trail, missed offers, chats, callback requests, answered legs.
create index acd_agent_transitions_at on acd_agent_transitions (at);
create index acd_offers_offered_at on acd_offers (offered_at);
create index chats_created_at on chats (created_at);
create index acd_contacts_media_enqueued on acd_contacts (media, enqueued_at);
create index call_legs_answered_at on call_legs (answered_at);
