-- Issue 12: proactive invitations by admin rules, and every invitation stored with its answer.
-- A rule invites a visitor on the site when its conditions hold (the current page's address
-- matches a glob of at most a few `*`, a minimum time on that page, a new or returning visitor),
-- for the agents of one chat queue; the message is kept in English and in Chinese and the widget
-- shows the visitor's language.
create table chat_invitation_rules (
  id                  text primary key,
  name                text not null,
  enabled             boolean not null default true,
  url_pattern         text not null,
  min_seconds_on_page integer not null default 0 check (min_seconds_on_page >= 0),
  visitor_kind        text not null check (visitor_kind in ('any', 'new', 'returning')),
  message_en          text not null,
  message_zh          text not null,
  queue_id            text not null,
  created_at          timestamptz not null,
  updated_at          timestamptz not null
);
create unique index chat_invitation_rules_name on chat_invitation_rules (lower(name));

-- Every invitation, by an agent (agent_id) or by a rule (rule_id; agent_id null), and its answer:
-- null while open, then accepted, declined or expired (after two minutes unanswered). The rule's
-- name is copied so the visitors page and reports still name it after the rule is deleted.
create table chat_invitations (
  id           text primary key,
  visitor_id   text not null references chat_visitors (id),
  visit_id     text,
  agent_id     text,
  agent_name   text,
  rule_id      text,
  rule_name    text,
  queue_id     text,
  message      text not null,
  message_zh   text,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  answer       text check (answer in ('accepted', 'declined', 'expired')),
  answered_at  timestamptz,
  chat_id      text
);
create index chat_invitations_visit on chat_invitations (visit_id, created_at);
create index chat_invitations_open on chat_invitations (expires_at) where answer is null;
create index chat_invitations_created on chat_invitations (created_at);
