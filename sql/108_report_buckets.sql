-- Interval tables for the volume report (issue 14: a month over ten million call events within
-- 2 s). src/reports/volume-parts.ts says what the parts are and why quarter hours of UTC.
--
-- How they stay in step with the calls without a second definition of any figure:
--   * every write that can change a quarter hour's figures marks that quarter hour dirty, by the
--     triggers below, in the transaction of the write itself: a crash loses both or neither;
--   * report_buckets holds only clean quarter hours' parts. Before a report reads them, the dirty
--     quarter hours in its range are folded again from the raw rows by the same TypeScript fold
--     as the raw report (src/reports/bucket-settler.ts) and replaced, and their marks removed,
--     in one transaction. Marks are appended, one row per write, and only the marks the fold read
--     are removed, so a write that lands while a quarter hour is being folded keeps it dirty.
--     Appending (no upsert of one row per quarter hour) means writers never wait for each other's
--     marks nor lock them in different orders: no lock waits, no deadlocks on the hot quarter hour.
-- The backfill is the last statement: every quarter hour holding a call, chat or callback
-- request is marked, and the daemon folds them after start.

create table report_buckets (
  q_start             timestamptz not null,
  -- 'queue': each call under its queue ('' for none: IVR abandons); 'agent': voice calls under
  -- the agent on the call last.
  dim                 text not null check (dim in ('queue', 'agent')),
  key                 text not null,
  media               text not null check (media in ('voice', 'chat')),
  calls               integer not null,
  offered             integer not null,
  answered            integer not null,
  abandoned_in_queue  integer not null,
  abandoned_in_ivr    integer not null,
  answered_in_sl      integer not null,
  waited              integer not null,
  wait_total_ms       bigint not null,
  longest_wait_ms     bigint not null,
  handled             integer not null,
  handle_total_ms     bigint not null,
  speed_total_ms      bigint not null,
  talk_total_ms       bigint not null,
  hold_total_ms       bigint not null,
  wrap_total_ms       bigint not null,
  transfers           integer not null,
  callbacks           integer not null,
  primary key (dim, q_start, key, media)
);

create table report_dirty_marks (
  seq      bigserial primary key,
  q_start  timestamptz not null
);
create index report_dirty_marks_quarter on report_dirty_marks (q_start);

-- Marks the quarter hours holding these instants dirty (one row each, appended).
create function report_mark(ats timestamptz[]) returns void language plpgsql as $$
begin
  insert into report_dirty_marks (q_start)
  select distinct date_bin('15 minutes', at, 'epoch'::timestamptz) from unnest(ats) at;
end $$;

-- A wrap-up spell of an agent ending at `t` (or a call of theirs ending at `t`) may move from one
-- of their calls to another: any call of theirs started in the two hours and a quarter before
-- (volume-parts.ts: a spell counts within WRAP_UP_TAIL_MS of its call's quarter hour).
create function report_wrap_span(t timestamptz) returns timestamptz[] language sql immutable as $$
  select array(select generate_series(t - interval '2 hours 15 minutes', t, interval '15 minutes'))
$$;

create function report_calls_changed() returns trigger language plpgsql as $$
declare
  ats timestamptz[] := '{}';
  moved boolean := tg_op <> 'UPDATE'
    or old.ended_at is distinct from new.ended_at or old.agent_id is distinct from new.agent_id or old.answered_at is distinct from new.answered_at;
begin
  if tg_op <> 'INSERT' then
    ats := ats || old.started_at;
    if moved and old.agent_id is not null and old.ended_at is not null then ats := ats || report_wrap_span(old.ended_at); end if;
  end if;
  if tg_op <> 'DELETE' then
    ats := ats || new.started_at;
    if moved and new.agent_id is not null and new.ended_at is not null then ats := ats || report_wrap_span(new.ended_at); end if;
  end if;
  perform report_mark(ats);
  return null;
end $$;
-- Only the columns the figures read: a wrap-up note or a recording id changes nothing.
create trigger report_calls_changed after insert or delete or update of direction, queue_id, contact_id, agent_id, started_at, answered_at, ended_at, outcome
  on calls for each row execute function report_calls_changed();

create function report_chats_changed() returns trigger language plpgsql as $$
declare
  ats timestamptz[] := '{}';
begin
  if tg_op <> 'INSERT' then ats := ats || old.created_at; end if;
  if tg_op <> 'DELETE' then
    ats := ats || new.created_at;
    if new.agent_id is not null and new.ended_at is not null then ats := ats || report_wrap_span(new.ended_at); end if;
  end if;
  perform report_mark(ats);
  return null;
end $$;
create trigger report_chats_changed after insert or delete or update of queue_id, agent_id, created_at, assigned_at, ended_at, end_reason
  on chats for each row execute function report_chats_changed();

-- Hold and transfer steps: the call's quarter hour. Per statement (the new rows as a table): a
-- batch of steps marks each quarter hour once.
create function report_call_steps() returns trigger language plpgsql as $$
begin
  insert into report_dirty_marks (q_start)
  select distinct date_bin('15 minutes', c.started_at, 'epoch'::timestamptz)
  from new_rows n join calls c on c.id = n.call_id
  where n.from_state = 'held' or n.to_state = 'held' or n.event in ('transfer_blind', 'transfer_completed');
  return null;
end $$;
create trigger report_call_steps after insert on call_transitions referencing new table as new_rows
  for each statement execute function report_call_steps();

-- A contact's queue entry is its call's speed of answer and wait (the call started at most a
-- couple of hours before, in the IVR); a callback request counts at its own time.
create function report_contacts_changed() returns trigger language plpgsql as $$
begin
  if new.media = 'callback' then
    perform report_mark(case when tg_op = 'UPDATE' then array[old.enqueued_at, new.enqueued_at] else array[new.enqueued_at] end);
  else
    perform report_mark(report_wrap_span(new.enqueued_at));
  end if;
  return null;
end $$;
create trigger report_contacts_inserted after insert on acd_contacts for each row execute function report_contacts_changed();
create trigger report_contacts_updated after update of enqueued_at, queue_id, agent_id, media on acd_contacts for each row
  when (old.enqueued_at is distinct from new.enqueued_at or old.queue_id is distinct from new.queue_id or old.agent_id is distinct from new.agent_id or old.media is distinct from new.media)
  execute function report_contacts_changed();

-- The routing engine stores its agent changes in batches: per statement, each quarter hour once.
create function report_agent_steps() returns trigger language plpgsql as $$
begin
  insert into report_dirty_marks (q_start)
  select distinct q
  from new_rows n,
       generate_series(date_bin('15 minutes', n.at - interval '2 hours 15 minutes', 'epoch'::timestamptz), date_bin('15 minutes', n.at, 'epoch'::timestamptz), interval '15 minutes') q
  where n.from_state = 'wrap_up';
  return null;
end $$;
create trigger report_agent_steps after insert on acd_agent_transitions referencing new table as new_rows
  for each statement execute function report_agent_steps();

-- The service level is read against the queue's threshold of today: a new threshold folds the
-- queue's quarter hours again.
create function report_queue_threshold() returns trigger language plpgsql as $$
begin
  insert into report_dirty_marks (q_start)
  select distinct q_start from report_buckets where key = new.id;
  return null;
end $$;
create trigger report_queue_threshold after update of service_level_seconds on queues for each row
  when (old.service_level_seconds is distinct from new.service_level_seconds) execute function report_queue_threshold();

-- The backfill: every quarter hour holding something the volume report counts.
insert into report_dirty_marks (q_start)
select distinct date_bin('15 minutes', t, 'epoch'::timestamptz) from (
  select started_at as t from calls
  union all select created_at from chats
  union all select enqueued_at from acd_contacts where media = 'callback'
) s;
