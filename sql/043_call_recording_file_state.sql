-- What a recording's file really is, once known: a recording a crash cut off may have a broken
-- WAV header (repaired at the next start) or no file at all. Null while it records normally.
alter table call_recordings add column file_state text
  check (file_state is null or file_state in ('complete', 'repaired', 'missing', 'damaged'));
