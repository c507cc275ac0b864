-- A call's wrap-up: the outcome the agent picked and their note, who set them and when. The
-- disposition's code and label are copied, not referenced: a renamed or deleted disposition does
-- not change what a stored call says was picked.
alter table calls add column disposition_id text;
alter table calls add column disposition_code text;
alter table calls add column disposition_label text;
alter table calls add column wrap_up_note text;
alter table calls add column wrap_up_by text;
alter table calls add column wrap_up_at timestamptz;
