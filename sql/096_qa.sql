-- Quality scoring (issue 14): scorecards kept in every version (an evaluation names the version it
-- answered), sample assignments, and evaluations with their dispute and resolution.
create table qa_scorecards (
  id          text not null,
  version     integer not null,
  name        text not null,
  description text not null default '',
  media       jsonb not null,
  sections    jsonb not null,
  archived    boolean not null default false,
  created_by  text not null,
  created_at  timestamptz not null,
  primary key (id, version)
);

create table qa_assignments (
  id            text primary key,
  evaluator_id  text not null,
  contact_kind  text not null,
  contact_id    text not null,
  agent_id      text not null,
  started_at    timestamptz not null,
  created_at    timestamptz not null,
  evaluation_id text,
  constraint qa_assignments_kind check (contact_kind in ('call', 'chat')),
  -- One evaluator samples a contact once: a repeated sample request cannot widen the sample.
  constraint qa_assignments_once unique (evaluator_id, contact_kind, contact_id)
);
create index qa_assignments_open on qa_assignments (evaluator_id, started_at) where evaluation_id is null;

create table qa_evaluations (
  id                text primary key,
  scorecard_id      text not null,
  scorecard_version integer not null,
  contact_kind      text not null,
  contact_id        text not null,
  contact_started_at timestamptz not null,
  agent_id          text not null,
  evaluator_id      text not null,
  state             text not null,
  answers           jsonb not null,
  comment           text not null default '',
  score             numeric(4, 1),
  critical_failed   boolean not null default false,
  fractions         jsonb not null,
  dispute           jsonb,
  resolution        jsonb,
  assignment_id     text unique,
  created_at        timestamptz not null,
  updated_at        timestamptz not null,
  submitted_at      timestamptz,
  constraint qa_evaluations_kind check (contact_kind in ('call', 'chat')),
  constraint qa_evaluations_state check (state in ('draft', 'submitted', 'accepted', 'disputed', 'resolved')),
  foreign key (scorecard_id, scorecard_version) references qa_scorecards (id, version)
);
-- Lists and the report read by agent and contact time, newest first.
create index qa_evaluations_agent on qa_evaluations (agent_id, contact_started_at desc, id);
create index qa_evaluations_time on qa_evaluations (contact_started_at desc, id);
create index qa_evaluations_contact on qa_evaluations (contact_kind, contact_id);
