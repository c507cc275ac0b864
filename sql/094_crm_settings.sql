-- The optional CRM lookup (issue 13, src/customers/crm-lookup.ts): one row, written by admins.
-- The secret (the value of the secret header) is kept in its own column so no query that
-- serves settings to a page ever reads it by accident.
create table crm_settings (
  id          smallint primary key check (id = 1),
  settings    jsonb not null,
  secret      text,
  updated_at  timestamptz not null
);
