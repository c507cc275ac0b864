-- The agent toolbar's reads: an agent's legs of the day and their recent numbers (by agent, newest
-- first), a caller's earlier calls for the screen-pop (by number, newest first), and the call of a
-- routing-engine contact for the desk's wrap-up (by contact).
create index call_legs_agent_created on call_legs (agent_id, created_at desc);
create index calls_from_started on calls (from_number, started_at desc);
create index calls_to_started on calls (to_number, started_at desc);
create index calls_contact on calls (contact_id);
