-- Routing engine (ACD) state: every contact, offer and agent state the engine has had, enough for
-- a restarted engine to rebuild every queue in the same order and every agent exactly.
-- Times are timestamptz (millisecond values from the engine clock); rank is a time-like number.
-- Agent and contact ids come from other areas (calls, chat, config) and are not foreign keys:
-- the engine must be able to record a contact whose call row is not written yet.

create table acd_contacts (
  id               text primary key,
  media            text not null,
  queue_id         text not null,
  priority         double precision not null,
  attributes       jsonb not null default '{}'::jsonb,
  required_skills  jsonb not null default '{}'::jsonb,
  customer_level   text,
  enqueued_at      timestamptz not null,
  queue_entered_at timestamptz not null,
  -- place in line: lower first (arrival time minus what the priority is worth)
  rank             double precision not null,
  -- arrival sequence, the tie-break between equal ranks
  seq              bigint not null,
  state            text not null,
  relax_step       integer not null default 0,
  agent_id         text,
  -- agent id -> epoch ms until which that agent is skipped after a reject or no answer
  declined_until   jsonb not null default '{}'::jsonb,
  callback_number  text,
  answered_at      timestamptz,
  ended_at         timestamptz,
  outcome          text,
  constraint acd_contacts_media_known check (media in ('voice', 'chat', 'callback')),
  constraint acd_contacts_state_known check (state in ('waiting', 'offering', 'connected', 'ended'))
);
-- Recovery reads the live ones only.
create index acd_contacts_live on acd_contacts (seq) where state <> 'ended';
create index acd_contacts_queue_enqueued on acd_contacts (queue_id, enqueued_at);

create table acd_offers (
  id               text primary key,
  kind             text not null,
  contact_id       text not null,
  agent_id         text not null,
  queue_id         text not null,
  media            text not null,
  offered_at       timestamptz not null,
  expires_at       timestamptz not null,
  state            text not null,
  resolved_at      timestamptz,
  reason           text,
  constraint acd_offers_kind_known check (kind in ('routed', 'ring_all', 'taken', 'assigned', 'transferred')),
  constraint acd_offers_state_known check (state in ('open', 'accepted', 'rejected', 'no_answer', 'withdrawn'))
);
create index acd_offers_open on acd_offers (offered_at) where state = 'open';
create index acd_offers_contact on acd_offers (contact_id);
create index acd_offers_agent on acd_offers (agent_id, offered_at);

-- One row per agent: the full reducer record (work items, counters, rotation marks) as jsonb,
-- with the fields people filter on as columns.
create table acd_agent_states (
  agent_id         text primary key,
  presence         text not null,
  state            text not null,
  reason           text,
  state_since      timestamptz not null,
  record           jsonb not null
);

-- The attendance trail: every change of an agent's visible state.
create table acd_agent_transitions (
  id               bigint generated always as identity primary key,
  agent_id         text not null,
  at               timestamptz not null,
  from_state       text not null,
  to_state         text not null,
  reason           text,
  by_user          text
);
create index acd_agent_transitions_agent_at on acd_agent_transitions (agent_id, at);
