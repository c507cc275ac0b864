-- IVR: every accepted version of every flow file, each call's path through the IVR, values flows
-- store against calls (survey ratings), and voicemail messages waiting for the ticket system.

create table ivr_flow_versions (
  flow          text not null,
  version       integer not null,
  -- sha256 of the file text: the same text saved twice is one version.
  hash          text not null,
  source        text not null,
  file          text not null,
  changed_at    timestamptz not null,
  -- the user who saved it through the admin page; null when the file changed on disk.
  changed_by    text,
  primary key (flow, version),
  constraint ivr_flow_versions_positive check (version > 0)
);

create table ivr_traces (
  id            text primary key,
  call_id       text not null,
  flow          text not null,
  version       integer not null,
  started_at    timestamptz not null,
  ended_at      timestamptz,
  -- queue | transfer | callback | message | hangup | abandoned | error
  exit          text,
  -- the node where the caller left the IVR
  exit_node     text,
  variables     jsonb not null default '{}'::jsonb
);
create index ivr_traces_call on ivr_traces (call_id, started_at desc);
create index ivr_traces_abandoned on ivr_traces (started_at) where exit = 'abandoned';

create table ivr_trace_steps (
  trace_id      text not null references ivr_traces (id) on delete cascade,
  seq           integer not null,
  flow          text not null,
  node          text not null,
  kind          text not null,
  entered_at    timestamptz not null,
  left_at       timestamptz,
  digits        text not null default '',
  result        text,
  primary key (trace_id, seq)
);

create table ivr_call_data (
  call_id       text not null,
  name          text not null,
  value         text not null,
  flow          text not null,
  at            timestamptz not null,
  primary key (call_id, name)
);

create table ivr_messages (
  id              text primary key,
  call_id         text not null,
  flow            text not null,
  mailbox         text not null,
  caller_number   text not null,
  recording_name  text not null,
  duration_ms     integer,
  variables       jsonb not null default '{}'::jsonb,
  created_at      timestamptz not null,
  -- new: waiting for the ticket system; ticketed: a ticket was made from it
  status          text not null default 'new',
  constraint ivr_messages_status_known check (status in ('new', 'ticketed'))
);
create index ivr_messages_new on ivr_messages (created_at) where status = 'new';
