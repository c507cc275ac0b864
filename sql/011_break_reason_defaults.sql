-- The break reasons every installation starts with; admins may edit or deactivate them.
-- missed_offers is the system reason the routing engine sets after too many missed offers.
insert into break_reasons (id, code, label, paid, max_minutes, active, system, created_at, updated_at) values
  (gen_random_uuid()::text, 'short_break',   'Short break',   true,  15,   true, false, now(), now()),
  (gen_random_uuid()::text, 'meal',          'Meal',          false, 60,   true, false, now(), now()),
  (gen_random_uuid()::text, 'training',      'Training',      true,  null, true, false, now(), now()),
  (gen_random_uuid()::text, 'meeting',       'Meeting',       true,  null, true, false, now(), now()),
  (gen_random_uuid()::text, 'activity',      'Activity',      true,  null, true, false, now(), now()),
  (gen_random_uuid()::text, 'missed_offers', 'Missed offers', true,  null, true, true,  now(), now());
