-- Tickets (issue 13): the ticket, its replies and its history. Nothing is ever deleted from these
-- tables: a deleted ticket is a status with a reason, kept for audit with its replies and history.
-- customer_id, assignee_id and team_id carry no foreign key: a customer merged away or an agent
-- removed must not take the ticket's record with it.
create table tickets (
  id              text primary key,
  subject         text not null,
  description     text not null default '',
  status          text not null,
  priority        text not null,
  customer_id     text,
  visitor_id      text,
  assignee_id     text,
  team_id         text,
  created_by      text not null,
  created_at      timestamptz not null,
  updated_at      timestamptz not null,
  due_at          timestamptz not null,
  deleted_reason  text,
  version         integer not null,
  constraint tickets_status_known check (status in ('new', 'open', 'pending', 'solved', 'closed', 'deleted')),
  constraint tickets_priority_known check (priority in ('low', 'normal', 'high', 'urgent')),
  constraint tickets_deleted_has_reason check ((status = 'deleted') = (deleted_reason is not null))
);
-- Lists page newest first by (created_at, id); the filters each have an index.
create index tickets_page on tickets (created_at desc, id desc);
create index tickets_assignee on tickets (assignee_id, created_at desc);
create index tickets_team on tickets (team_id, created_at desc);
create index tickets_customer on tickets (customer_id, created_at desc);
create index tickets_visitor on tickets (visitor_id) where visitor_id is not null;
create index tickets_due_working on tickets (due_at) where status in ('new', 'open', 'pending');

-- seq orders replies written in the same millisecond as they were written.
create table ticket_replies (
  id          text primary key,
  seq         bigserial not null,
  ticket_id   text not null references tickets (id),
  visibility  text not null,
  body        text not null,
  author_id   text not null,
  at          timestamptz not null,
  constraint ticket_replies_visibility_known check (visibility in ('public', 'internal'))
);
create index ticket_replies_ticket on ticket_replies (ticket_id, seq);

-- One row per changed field: who, when, from, to. seq keeps entries of one change in order.
create table ticket_history (
  seq         bigserial primary key,
  ticket_id   text not null references tickets (id),
  at          timestamptz not null,
  by_user     text not null,
  field       text not null,
  from_value  text,
  to_value    text
);
create index ticket_history_ticket on ticket_history (ticket_id, seq);
