-- Messaging connectors (issues 12 and 21; docs/messaging-webhook.md): a messaging platform's
-- inbound webhook adapter. The shared secret signs both ways (HMAC-SHA256), so the server needs it
-- itself, not a hash of it: like notify_rules.secret it is a column of its own that no read path
-- building a connector for the API selects. It is shown once, when created or rotated.
create table messaging_connectors (
  id           text primary key,
  name         text not null,
  -- Lower case, trimmed: compared with the platform of customers' messaging identities.
  platform     text not null,
  delivery_url text not null,
  -- The chat queue its chats enter; null: the daemon's default chat queue.
  queue_id     text,
  enabled      boolean not null default true,
  secret       text not null,
  created_at   timestamptz not null,
  updated_at   timestamptz not null
);

-- A platform user is one chat visitor per connector: their next message goes to their open chat.
-- The platform is kept here too so the customer match survives the connector being deleted.
create table messaging_visitors (
  connector_id     text not null,
  platform_user_id text not null,
  platform         text not null,
  visitor_id       text not null unique references chat_visitors (id),
  created_at       timestamptz not null,
  primary key (connector_id, platform_user_id)
);

-- Each inbound messageId once per connector: a platform's retry answers the same chat and stores nothing.
create table messaging_inbound (
  connector_id text not null,
  message_id   text not null,
  chat_id      text not null,
  seq          integer not null,
  received_at  timestamptz not null,
  primary key (connector_id, message_id)
);
