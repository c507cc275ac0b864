-- A phone binding 'browser': the toolbar's WebRTC softphone, a media-server endpoint named by the
-- extension (the daemon dials it like a fixed phone and hands its SIP credentials to the user over
-- the session). For agents and for users' own supervision phones alike.
alter table agents drop constraint agents_phone_mode_known;
alter table agents drop constraint agents_fixed_has_extension;
alter table agents add constraint agents_phone_mode_known check (phone_mode in ('fixed', 'chosen_at_login', 'browser'));
alter table agents add constraint agents_extension_when_bound check ((phone_mode in ('fixed', 'browser')) = (phone_extension is not null));

alter table users drop constraint users_phone_known;
alter table users add constraint users_phone_known check (
  (phone_mode in ('fixed', 'browser') and phone_extension is not null) or (phone_mode in ('none', 'at_login') and phone_extension is null)
);
