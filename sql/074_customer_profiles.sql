-- Customer profiles (issue 13): company, a free profile section, values of admin-defined custom
-- fields, and identities besides phone numbers (e-mails, chat visitor ids, messaging-platform ids)
-- in rows of their own so that search and merge treat every identity alike.
alter table customers add column company text not null default '';
-- { "age": 42, "gender": "...", "preferences": "...", "needs": "..." }: free fields.
alter table customers add column profile jsonb not null default '{}';
-- { "<field key>": value }: checked against customer_fields by src/customers/custom-fields.ts.
alter table customers add column custom jsonb not null default '{}';

create table customer_fields (
  id              text primary key,
  key             text not null unique,
  label           text not null,
  type            text not null check (type in ('text', 'number', 'date', 'choice')),
  options         jsonb not null default '[]',
  position        integer not null default 0,
  created_at      timestamptz not null,
  updated_at      timestamptz not null
);

create table customer_identities (
  customer_id     text not null references customers (id) on delete cascade,
  kind            text not null check (kind in ('email', 'chat', 'messaging')),
  -- The messaging platform ('wechat', 'whatsapp', ...); '' for e-mails and chat visitors.
  platform        text not null default '',
  -- E-mails lower-cased; chat: the chat_visitors id; messaging: the platform's user id.
  value           text not null,
  position        integer not null,
  primary key (customer_id, kind, platform, value)
);
create index customer_identities_lookup on customer_identities (kind, platform, value);
-- Chat and messaging ids name exactly one customer (the chat's screen-pop looks one up); e-mails
-- and phone numbers are checked by the store instead, since rows stored before this migration
-- may share one and must not be lost.
create unique index customer_identities_one_owner on customer_identities (kind, platform, value) where kind <> 'email';

insert into customer_identities (customer_id, kind, platform, value, position)
select c.id, 'email', '', lower(e.value), min(e.ordinality)::integer - 1
from customers c, jsonb_array_elements_text(c.emails) with ordinality as e(value, ordinality)
group by c.id, lower(e.value);
alter table customers drop column emails;
