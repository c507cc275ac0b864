-- Calls: one row per call, its legs, its timeline (every state transition and mark), and its
-- recordings. Ids are text chosen by the application; times are timestamptz.

create table calls (
  id              text primary key,
  direction       text not null check (direction in ('inbound', 'outbound')),
  state           text not null,
  from_number     text not null,
  to_number       text not null,
  caller_name     text not null default '',
  queue_id        text,
  contact_id      text,
  agent_id        text,
  customer        text,
  ivr_path        jsonb not null default '[]',
  variables       jsonb not null default '{}',
  started_at      timestamptz not null,
  answered_at     timestamptz,
  ended_at        timestamptz,
  outcome         text check (outcome is null or outcome in (
                    'agent_answered', 'ring_no_answer', 'caller_quick_hangup', 'ivr_abandon',
                    'queue_abandon', 'queue_timeout', 'out_of_hours', 'ivr_completed',
                    'ivr_transferred', 'outbound_answered', 'outbound_no_answer',
                    'outbound_agent_no_answer', 'outbound_cancelled')),
  hung_up_by      text check (hung_up_by is null or hung_up_by in ('caller', 'agent', 'system', 'unknown')),
  recording_ids   jsonb not null default '[]'
);
create index calls_started_at on calls (started_at desc);
create index calls_agent_started on calls (agent_id, started_at desc);
create index calls_outcome_started on calls (outcome, started_at desc);

create table call_legs (
  id              text primary key,
  call_id         text not null references calls (id) on delete cascade,
  role            text not null check (role in ('customer', 'agent', 'consult', 'supervisor')),
  agent_id        text,
  endpoint        text not null,
  created_at      timestamptz not null,
  ringing_at      timestamptz,
  answered_at     timestamptz,
  ended_at        timestamptz,
  hangup_cause    text,
  ended_by        text check (ended_by is null or ended_by in ('remote', 'local', 'unknown'))
);
create index call_legs_call on call_legs (call_id);

create table call_transitions (
  call_id         text not null references calls (id) on delete cascade,
  seq             integer not null,
  at              timestamptz not null,
  from_state      text not null,
  event           text not null,
  to_state        text not null,
  details         jsonb not null default '{}',
  primary key (call_id, seq)
);

create table call_recordings (
  id              text primary key,
  call_id         text not null references calls (id) on delete cascade,
  name            text not null,
  started_at      timestamptz not null,
  stopped_at      timestamptz,
  duration_ms     integer,
  paused          boolean not null default false
);
create index call_recordings_call on call_recordings (call_id);
