-- Calls the daemon lost track of when it stopped (before anyone answered) get an outcome of their
-- own instead of none, so reports count them.
alter table calls drop constraint if exists calls_outcome_check;
alter table calls add constraint calls_outcome_check check (outcome is null or outcome in (
  'agent_answered', 'ring_no_answer', 'caller_quick_hangup', 'ivr_abandon',
  'queue_abandon', 'queue_timeout', 'out_of_hours', 'ivr_completed',
  'ivr_transferred', 'outbound_answered', 'outbound_no_answer',
  'outbound_agent_no_answer', 'outbound_cancelled', 'lost_on_restart'));
