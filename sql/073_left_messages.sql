-- Messages visitors left (issue 13), one row per ticket they became, written in the same
-- transaction as the ticket. The primary key is what makes a retried leave_message frame (same
-- visitor, same client id) find its ticket instead of making a second one. The fields are kept as
-- the visitor sent them (name -> text); template_id has no foreign key so a template removed later
-- does not take the record with it.
create table left_messages (
  visitor_id   text not null,
  client_id    text not null,
  ticket_id    text not null references tickets (id),
  template_id  text not null,
  fields       jsonb not null,
  at           timestamptz not null,
  primary key (visitor_id, client_id)
);
