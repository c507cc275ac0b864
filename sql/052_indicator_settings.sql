-- The floor indicators each audience (a role, or the wall display) sees on its status strip, and
-- the alert thresholds per indicator and media (issue 11). One row per audience an admin has set;
-- an audience without a row uses the defaults of src/supervision/indicator-settings.ts.
create table indicator_settings (
  audience        text primary key,
  indicators      jsonb not null,
  thresholds      jsonb not null,
  updated_at      timestamptz not null,
  updated_by      text
);
