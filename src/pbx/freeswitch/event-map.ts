/**
 * FreeSWITCH words → port words: hang-up causes, channel data (events, `show channels as json`
 * rows, the outbound `connect` reply) → ChannelInfo. Pure functions; no I/O.
 */
import type { ChannelInfo, ChannelState, HangupCause } from '../port.js';

/** Q.850 numbers of the FreeSWITCH cause names we meet (switch_types.h). */
const Q850: Record<string, number> = {
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_DESTINATION: 3,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  NORMAL_UNSPECIFIED: 31,
  NORMAL_CIRCUIT_CONGESTION: 34,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  REQUESTED_CHAN_UNAVAIL: 44,
  BEARERCAPABILITY_NOTAVAIL: 58,
  INCOMPATIBLE_DESTINATION: 88,
  RECOVERY_ON_TIMER_EXPIRE: 102,
  INTERWORKING: 127,
  ORIGINATOR_CANCEL: 487,
  LOSE_RACE: 502,
  USER_NOT_REGISTERED: 606,
};

const CAUSES: Record<string, HangupCause> = {
  NORMAL_CLEARING: 'normal',
  NORMAL_UNSPECIFIED: 'normal',
  ORIGINATOR_CANCEL: 'normal',
  LOSE_RACE: 'normal',
  ATTENDED_TRANSFER: 'normal',
  BLIND_TRANSFER: 'normal',
  PICKED_OFF: 'normal',
  MANAGER_REQUEST: 'normal',
  USER_BUSY: 'busy',
  NORMAL_CIRCUIT_CONGESTION: 'busy',
  NO_ANSWER: 'no_answer',
  NO_USER_RESPONSE: 'no_answer',
  ALLOTTED_TIMEOUT: 'no_answer',
  PROGRESS_TIMEOUT: 'no_answer',
  CALL_REJECTED: 'rejected',
  SUBSCRIBER_ABSENT: 'unreachable',
  USER_NOT_REGISTERED: 'unreachable',
  UNALLOCATED_NUMBER: 'unreachable',
  NO_ROUTE_DESTINATION: 'unreachable',
  DESTINATION_OUT_OF_ORDER: 'unreachable',
  INVALID_NUMBER_FORMAT: 'unreachable',
  NUMBER_CHANGED: 'unreachable',
  INVALID_GATEWAY: 'unreachable',
  GATEWAY_DOWN: 'unreachable',
  CHAN_NOT_IMPLEMENTED: 'failed',
};

export function causeFromFreeSwitch(name: string | undefined): { cause: HangupCause; causeCode?: number; causeText?: string } {
  const text = (name ?? '').trim().toUpperCase();
  const cause = CAUSES[text] ?? 'failed';
  const code = Q850[text];
  return code === undefined ? { cause, causeText: text || undefined } : { cause, causeCode: code, causeText: text };
}

/** Our cause → the name uuid_kill sends (FreeSWITCH turns it into the SIP response). */
export function causeToFreeSwitch(cause: HangupCause | undefined): string {
  switch (cause) {
    case 'busy':
      return 'USER_BUSY';
    case 'no_answer':
      return 'NO_ANSWER';
    case 'rejected':
      return 'CALL_REJECTED';
    case 'unreachable':
      return 'NO_ROUTE_DESTINATION';
    case 'failed':
      return 'NORMAL_TEMPORARY_FAILURE';
    default:
      return 'NORMAL_CLEARING';
  }
}

/** `-ERR No such channel!` and its relatives (uuid_* commands word it a little differently). */
export function isNoSuchChannel(reply: string): boolean {
  return /^-ERR .*(no such channel|invalid (session|uuid)|cannot locate session)/i.test(reply.trim());
}

export function channelStateOf(headers: { get(name: string): string | undefined }): ChannelState {
  const answer = headers.get('Answer-State');
  if (answer === 'answered') return 'up';
  if (answer === 'ringing' || answer === 'early') return 'ringing';
  const callState = headers.get('Channel-Call-State');
  if (callState === 'ACTIVE' || callState === 'HELD') return 'up';
  if (callState === 'RINGING' || callState === 'EARLY' || callState === 'RING_WAIT') return 'ringing';
  return 'down';
}

/**
 * Channel data of an event or of the outbound connect reply. Variables are what the dialplan
 * and originate set (`variable_*`); SIP headers are FreeSWITCH's `variable_sip_h_*` copies of the
 * INVITE's X- headers.
 */
export function channelInfoFromHeaders(
  headers: Record<string, string>,
  direction: 'inbound' | 'outbound',
): ChannelInfo {
  const variables: Record<string, string> = {};
  const sipHeaders: Record<string, string> = {};
  for (const key in headers) {
    if (!key.startsWith('variable_')) continue;
    const name = key.slice(9);
    const value = headers[key]!;
    variables[name] = value;
    if (name.startsWith('sip_h_')) sipHeaders[name.slice(6)] = value;
  }
  return {
    id: headers['Unique-ID'] ?? '',
    direction,
    state: channelStateOf({ get: (n) => headers[n] }),
    name: headers['Channel-Name'] ?? '',
    callerNumber: headers['Caller-Caller-ID-Number'] ?? '',
    callerName: headers['Caller-Caller-ID-Name'] ?? '',
    dialedNumber: headers['Caller-Destination-Number'] ?? '',
    variables,
    sipHeaders,
  };
}

/** One row of `show channels as json`. */
export interface ShowChannelsRow {
  uuid: string;
  direction?: string;
  name?: string;
  state?: string;
  callstate?: string;
  cid_num?: string;
  cid_name?: string;
  dest?: string;
}

/** `{"row_count": 0}` has no rows at all; rows carry strings only. */
export function parseShowChannels(body: string): ShowChannelsRow[] {
  const parsed = JSON.parse(body) as { rows?: ShowChannelsRow[] };
  return Array.isArray(parsed.rows) ? parsed.rows.filter((r) => typeof r.uuid === 'string') : [];
}

/** Users listed by `sofia status profile <p> reg <name>` (`User: agent1@domain` lines). */
export function registeredUsers(text: string): string[] {
  return [...text.matchAll(/^User:\s*([^@\s]+)@/gm)].map((m) => m[1]!);
}
