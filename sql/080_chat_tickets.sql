-- Chats kept as tickets (issues 12 and 13). An agent's ending of a chat (solved, unresolved, spam)
-- becomes a ticket, or is added to the ticket the chat already belongs to. One row per chat: the
-- primary key is what makes the ending's ticket exactly-once, also when the daemon stops between
-- the chat's end and its ticket and the catch-up at start does the work again.
--   how = 'linked': an agent tied the live chat to an existing ticket; its ending is added there.
--   how = 'ending': the ticket was made from the chat's ending.
--   done_at: when the ending was applied to the ticket (null: linked, chat not ended yet).
create table chat_tickets (
  chat_id    text primary key references chats (id),
  ticket_id  text not null references tickets (id),
  how        text not null,
  linked_at  timestamptz not null,
  done_at    timestamptz,
  constraint chat_tickets_how_known check (how in ('linked', 'ending'))
);
create index chat_tickets_ticket on chat_tickets (ticket_id);
-- The catch-up at start looks for recent endings not kept yet.
create index chats_ended_with_outcome on chats (ended_at) where outcome is not null;
