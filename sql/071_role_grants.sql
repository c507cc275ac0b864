-- Permissions an admin grants per role (src/accounts/role-grants.ts): one row per grantable
-- permission that an admin has set, holding the roles that have it. No row: the default.
create table role_grants (
  permission  text primary key,
  roles       jsonb not null,
  updated_at  timestamptz not null
);
