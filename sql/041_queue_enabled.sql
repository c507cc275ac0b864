-- A disabled queue takes no new contacts (an IVR flow sending a caller there sends them to the safe
-- destination instead) but keeps serving the ones already waiting: how an admin drains a queue
-- before deleting it.
alter table queues add column enabled boolean not null default true;
