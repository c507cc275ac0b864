-- Failed-login counting per name, known or not: an unknown username is throttled and locked
-- exactly like a real one, so the answers never tell which usernames exist. One row per
-- lower-cased name; counted in one statement (insert ... on conflict) so parallel attempts
-- cannot all read the same old count.
create table login_throttle (
  name_key        text primary key,
  failures        integer not null,
  locked_until    timestamptz,
  updated_at      timestamptz not null
);

-- The per-user columns are superseded by login_throttle: carry over what they hold.
insert into login_throttle (name_key, failures, locked_until, updated_at)
  select lower(username), failed_logins, locked_until, updated_at from users
  where failed_logins > 0 or locked_until is not null;
update users set failed_logins = 0, locked_until = null;
