-- Ticket attachments (issue 13): the same rows and files as chat uploads (055). A ticket
-- attachment belongs to its ticket and, when it came with a reply, to that reply: the visitor
-- sees it only when the reply is public. No foreign keys here: tickets (070) are created after
-- this file in a new database; the ticket service checks both ids before inserting.
alter table attachments add column ticket_id text;
alter table attachments add column reply_id text;
alter table attachments add constraint attachments_one_owner check ((chat_id is null) <> (ticket_id is null));
create index attachments_ticket on attachments (ticket_id, created_at) where ticket_id is not null;
