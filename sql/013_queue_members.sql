-- Agents assigned to a queue. Order (position) drives top_down and breaks ties elsewhere;
-- weight drives weighted_random. Deleting an agent removes it from its queues.
create table queue_members (
  queue_id        text not null references queues (id) on delete cascade,
  agent_id        text not null references agents (id) on delete cascade,
  position        integer not null,
  weight          integer not null default 1,
  primary key (queue_id, agent_id),
  constraint queue_members_weight_range check (weight between 1 and 1000)
);
create index queue_members_agent on queue_members (agent_id);
