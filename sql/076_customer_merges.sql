-- Merging two customers (issue 13) and undoing it. The customer merged away is deleted; its row,
-- every identity row and the kept customer's fields before the merge are kept here, with exactly
-- which identity rows and tickets moved, so an undo restores both customers as they were.
create table customer_merges (
  id              text primary key,
  kept_id         text not null,
  merged_id       text not null,
  -- { customer row fields, identities: { phones, others } } of the customer merged away.
  merged_snapshot jsonb not null,
  -- The kept customer's fields before the merge.
  kept_before     jsonb not null,
  -- { phones: [..], identities: [{ kind, platform, value }], tickets: [ids] } moved to the kept one.
  moved           jsonb not null,
  -- The kept customer's updated_at right after the merge: a change since refuses the undo.
  kept_version    timestamptz not null,
  merged_by       text,
  merged_at       timestamptz not null,
  undone_by       text,
  undone_at       timestamptz
);
create index customer_merges_kept on customer_merges (kept_id, merged_at desc);
create index customer_merges_merged on customer_merges (merged_id);
