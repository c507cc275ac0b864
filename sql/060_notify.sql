-- Outcome notifications (issue 14): rules an admin keeps, and the durable outbox the daemon sends
-- from. The secret (webhook HMAC key / SMS gateway token) is a column of its own so that no read
-- path that builds a rule for the API ever selects it.
create table notify_rules (
  id          text primary key,
  name        text not null,
  enabled     boolean not null default true,
  trigger     jsonb not null,
  channel     jsonb not null,
  secret      text,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

-- One row per notification; its id is the idempotency key the receiver sees on every attempt.
-- (rule_id, source_id) is unique: the same ending never notifies twice through the same rule.
-- No foreign key to notify_rules: a deleted rule leaves its delivery log readable.
create table notify_outbox (
  id               text primary key,
  rule_id          text not null,
  source_id        text not null,
  channel          text not null,
  body             text not null,
  status           text not null default 'pending',
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null,
  last_error       text,
  last_http_status integer,
  created_at       timestamptz not null,
  delivered_at     timestamptz
);
create unique index notify_outbox_once on notify_outbox (rule_id, source_id);
create index notify_outbox_due on notify_outbox (next_attempt_at) where status = 'pending';
create index notify_outbox_log on notify_outbox (created_at desc, id desc);
