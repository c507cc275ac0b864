-- Video guidance (issue 20): a chat's assistance session is a screen share (the visitor's screen,
-- view only) or a video call (camera and microphone both ways). Same consent, states, signalling
-- and record; the kind says which. Existing rows were all screen shares.
alter table chat_shares add column kind text not null default 'screen' check (kind in ('screen', 'video'));
