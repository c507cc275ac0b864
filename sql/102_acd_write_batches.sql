-- The routing engine's write-behind batches holding agent transitions that have been stored
-- (src/store/acd/acd-persistence.ts).
-- A batch whose write failed is tried again under the same id; when its first attempt had in fact
-- committed (the answer lost with the connection), the id is found here and the batch is skipped,
-- so its agent transitions (plain appends) are not stored twice. Ids older than a day are swept.
create table acd_write_batches (
  id  text primary key,
  at  timestamptz not null
);
create index acd_write_batches_at on acd_write_batches (at);
