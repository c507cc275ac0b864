-- Customers for screen-pop and VIP routing. Phone numbers live in their own table so that
-- lookup by the caller's number is an index probe.
create table customers (
  id              text primary key,
  name            text not null,
  level           text not null default 'standard',
  emails          jsonb not null default '[]',
  tags            jsonb not null default '[]',
  notes           text not null default '',
  created_at      timestamptz not null,
  updated_at      timestamptz not null,
  constraint customers_level_known check (level in ('standard', 'silver', 'gold', 'vip'))
);
create index customers_name_lower on customers (lower(name));
create index customers_tags on customers using gin (tags);

create table customer_phones (
  customer_id     text not null references customers (id) on delete cascade,
  -- Normalized: digits with an optional leading '+', see src/store/config/phone-number.ts.
  phone           text not null,
  position        integer not null,
  primary key (customer_id, phone)
);
create index customer_phones_phone on customer_phones (phone);
