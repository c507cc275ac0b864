/**
 * Q.850 cause numbers <-> the port's normalized HangupCause. Asterisk (ARI `cause`, AMI `Cause`)
 * and FreeSWITCH (`hangup_cause_q850`) both report Q.850 numbers, so adapters share this table.
 */
import type { HangupCause } from '../port.js';

const BY_CODE: Record<number, HangupCause> = {
  16: 'normal',
  17: 'busy',
  18: 'no_answer',
  19: 'no_answer',
  21: 'rejected',
  1: 'unreachable',
  3: 'unreachable',
  20: 'unreachable',
  27: 'unreachable',
  28: 'failed',
  31: 'normal',
  34: 'failed',
  38: 'failed',
  41: 'failed',
  42: 'failed',
  127: 'failed',
};

const TO_CODE: Record<Exclude<HangupCause, 'lost'>, number> = {
  normal: 16,
  busy: 17,
  no_answer: 19,
  rejected: 21,
  unreachable: 20,
  failed: 41,
};

/** Unknown or absent codes (0: Asterisk's "not defined") count as normal clearing. */
export function causeFromQ850(code: number | undefined): HangupCause {
  if (code === undefined) return 'normal';
  return BY_CODE[code] ?? (code === 0 ? 'normal' : 'failed');
}

/** The Q.850 number to send for a cause; 'lost' has none (nothing was sent). */
export function q850ForCause(cause: HangupCause): number | undefined {
  return cause === 'lost' ? undefined : TO_CODE[cause];
}
