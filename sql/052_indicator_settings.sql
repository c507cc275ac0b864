-- The floor indicators each audience (a role, or the wall display) sees on its status strip, and
-- the alert thresholds per indicator and media, and the agent-state time limits (issue 11). One row per audience an admin has set;
-- an audience without a row uses the defaults of src/supervision/indicator-settings.ts.
create table indicator_settings (
  audience        text primary key,
  indicators      jsonb not null,
  thresholds      jsonb not null,
  -- seconds per agent state before the console's agent list marks an agent red
  state_limits    jsonb not null default '{}',
  updated_at      timestamptz not null,
  updated_by      text
);
