-- Leave-a-message templates (issue 13): what a visitor fills in when nobody can serve a chat.
-- One template per channel and business line (pre-sales, after-sales, ...); a channel may offer
-- several and the visitor picks one. The fields are a JSON array of
-- { name, label: { en, zh }, kind, required }; src/tickets/leave-message-template.ts checks them
-- before they are stored, so the column holds only valid definitions.
create table leave_message_templates (
  id             text primary key,
  channel        text not null,
  business_line  text not null,
  name           text not null,
  fields         jsonb not null,
  enabled        boolean not null default true,
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  constraint leave_message_templates_channel_known check (channel in ('web', 'mobile_web', 'app')),
  constraint leave_message_templates_one_per_line unique (channel, business_line)
);
