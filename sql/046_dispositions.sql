-- Wrap-up outcomes an agent picks for a call (sale, no sale, wrong number, ...): a short list
-- admins keep. A disposition no longer offered is made inactive; calls keep what was picked either
-- way (047 copies code and label onto the call).
create table dispositions (
  id              text primary key,
  code            text not null,
  label           text not null,
  active          boolean not null default true,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);
create unique index dispositions_code on dispositions (code);
