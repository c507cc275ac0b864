-- An agent's dial that never reached the customer says why: busy (or declined) and failed
-- (unknown, unreachable, refused) besides no answer (call-steps.ts dialedOutcome).
alter table calls drop constraint if exists calls_outcome_check;
alter table calls add constraint calls_outcome_check check (outcome is null or outcome in (
  'agent_answered', 'ring_no_answer', 'caller_quick_hangup', 'ivr_abandon',
  'queue_abandon', 'queue_timeout', 'out_of_hours', 'ivr_completed',
  'ivr_transferred', 'outbound_answered', 'outbound_no_answer', 'outbound_busy', 'outbound_failed',
  'outbound_agent_no_answer', 'outbound_cancelled', 'lost_on_restart', 'ivr_error'));
