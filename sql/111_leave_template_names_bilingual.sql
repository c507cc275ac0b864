-- A leave-a-message template's name is shown to visitors choosing between templates (pre-sales,
-- after-sales, ...), so it needs both page languages, as its field labels already have. The name
-- becomes { en, zh }; a name stored before this migration is kept as both until an admin words
-- the Chinese one.
alter table leave_message_templates
  alter column name type jsonb using jsonb_build_object('en', name, 'zh', name);
