-- Visitors before any chat (issue 12): each visit of a widget visitor to the site and the pages
-- viewed with the time on each. Privacy: only what agents are shown is kept. The client's IP
-- address is never stored, only the region derived from it in the local database (geoip-lite);
-- the User-Agent header is not stored, only the device type, browser and OS read from it.
create table chat_visits (
  id               text primary key,
  visitor_id       text not null references chat_visitors (id),
  started_at       timestamptz not null,
  -- The last socket of the visit closed (null: on the site now). A visitor back within 30 minutes continues it.
  ended_at         timestamptz,
  returning_visitor boolean not null,
  landing_page     text not null default '',
  referrer         text not null default '',
  search_engine    text not null default '',
  search_keywords  text not null default '',
  device_type      text not null default '',
  browser          text not null default '',
  os               text not null default '',
  country          text not null default '',
  region           text not null default '',
  city             text not null default ''
);
create index chat_visits_visitor on chat_visits (visitor_id, started_at desc);

create table chat_visit_pages (
  visit_id    text not null references chat_visits (id),
  seq         integer not null,
  url         text not null,
  title       text not null default '',
  entered_at  timestamptz not null,
  -- The next page view, or the socket closing, ends the time on this page.
  left_at     timestamptz,
  primary key (visit_id, seq)
);
