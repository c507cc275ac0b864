-- A user's own phone (supervisors, team leads, admins): supervision rings it. 'none', a fixed
-- extension, or chosen at each login (POST /api/auth/phone). An agent record's phone is the
-- fallback for users who are also agents.
alter table users add column phone_mode text not null default 'none';
alter table users add column phone_extension text;
alter table users add constraint users_phone_known check (
  (phone_mode = 'fixed' and phone_extension is not null) or (phone_mode in ('none', 'at_login') and phone_extension is null)
);
