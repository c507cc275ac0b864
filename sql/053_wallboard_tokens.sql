-- Read-only tokens a wall display opens the wallboard with (no personal login). Only the SHA-256
-- of the token is stored (the token itself is shown once, at creation); a revoked token stays
-- listed with the time it was revoked.
create table wallboard_tokens (
  id              text primary key,
  name            text not null,
  token_hash      text not null,
  created_at      timestamptz not null,
  created_by      text,
  revoked_at      timestamptz
);
create unique index wallboard_tokens_hash on wallboard_tokens (token_hash);
