-- The records page's search (src/calls/record-search.ts): every page is keyset on
-- (started_at, id) newest first, so the composite index serves the bare list and the row
-- comparison of the cursor; the queue and direction filters get their own index ending in the
-- same order, like the agent and outcome ones of 030. Numbers use calls_from_started /
-- calls_to_started (049), recording presence call_recordings_call (030).
create index calls_started_id on calls (started_at desc, id desc);
create index calls_queue_started on calls (queue_id, started_at desc, id desc);
create index calls_direction_started on calls (direction, started_at desc, id desc);
