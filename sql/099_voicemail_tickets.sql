-- Voicemail becomes a ticket (issue 13). `team`: what the flow's voicemail node named (a team id
-- or name, resolved when the ticket is made). `ticket_id`: the ticket it became, set in the same
-- transaction as the ticket's insert and the status flip to 'ticketed' (src/store/tickets/
-- tickets-repo.ts), so a message is never lost between the two nor made into two tickets; it
-- also leads from the ticket to its recording.
alter table ivr_messages add column team text;
alter table ivr_messages add column ticket_id text references tickets (id);
create index ivr_messages_ticket on ivr_messages (ticket_id) where ticket_id is not null;
