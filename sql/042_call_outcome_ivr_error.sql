-- A caller whose IVR flow could not run (no running version, its queue or skill gone) gets an
-- outcome of its own, so reports and alerts tell it from a flow that finished as designed.
alter table calls drop constraint if exists calls_outcome_check;
alter table calls add constraint calls_outcome_check check (outcome is null or outcome in (
  'agent_answered', 'ring_no_answer', 'caller_quick_hangup', 'ivr_abandon',
  'queue_abandon', 'queue_timeout', 'out_of_hours', 'ivr_completed',
  'ivr_transferred', 'outbound_answered', 'outbound_no_answer',
  'outbound_agent_no_answer', 'outbound_cancelled', 'lost_on_restart', 'ivr_error'));
