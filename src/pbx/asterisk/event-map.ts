import { AppError } from '../../core/errors.js';
import type { ChannelInfo, ChannelState, EndpointRef, HangupCause, MediaRef } from '../port.js';
import type { AriChannel } from './ari-models.js';
import { ASTERISK_PROMPTS } from './prompts.js';

export { causeFromQ850 } from '../shared/hangup-causes.js';

/** Dial's `dialstatus` is the clearest word on why an originated leg never answered. */
export function causeFromDialStatus(status: string | undefined): HangupCause | undefined {
  switch (status) {
    case 'BUSY':
      return 'busy';
    case 'NOANSWER':
      return 'no_answer';
    case 'CHANUNAVAIL':
      return 'unreachable';
    case 'CONGESTION':
      return 'failed';
    default:
      return undefined;
  }
}

/** Our cause -> the `reason` of `DELETE /channels/{id}` (channels.json allowableValues). */
export function ariHangupReason(cause: HangupCause | undefined): string {
  switch (cause) {
    case 'busy':
      return 'busy';
    case 'no_answer':
      return 'no_answer';
    case 'rejected':
      return 'rejected';
    case 'unreachable':
      return 'unallocated';
    case 'failed':
      return 'failure';
    default:
      return 'normal';
  }
}

export function channelState(ari: string): ChannelState {
  if (ari === 'Up') return 'up';
  if (ari === 'Ring' || ari === 'Ringing') return 'ringing';
  return 'down';
}

/** Prefix marking channel variables that carry SIP headers (dialplan copies X- headers into them). */
export const SIP_HEADER_VAR_PREFIX = 'SIPHDR_';

export function toChannelInfo(ch: AriChannel, direction: ChannelInfo['direction'], args: string[]): ChannelInfo {
  const variables: Record<string, string> = {};
  const sipHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(ch.channelvars ?? {})) {
    if (v === '' || v === undefined) continue;
    if (k.startsWith(SIP_HEADER_VAR_PREFIX)) sipHeaders[k.slice(SIP_HEADER_VAR_PREFIX.length).replace(/_/g, '-')] = v;
    else variables[k] = v;
  }
  // extensions.conf sends DIDs as Stasis(app,inbound,<DID>); otherwise the dialed exten is the best guess.
  const dialed = args[0] === 'inbound' && args[1] ? args[1] : ch.dialplan.exten;
  return {
    id: ch.id,
    direction,
    state: channelState(ch.state),
    name: ch.name,
    callerNumber: ch.caller.number,
    callerName: ch.caller.name,
    dialedNumber: dialed,
    variables,
    sipHeaders,
  };
}

const SAFE_TOKEN = /^[A-Za-z0-9_./-]+$/;

function token(value: string, where: string): string {
  if (!SAFE_TOKEN.test(value)) {
    throw new AppError('VALIDATION_FAILED', `${where}: unexpected characters in "${value}"`, {
      problems: [{ where, reason: 'only letters, digits and _ . / - are allowed' }],
    });
  }
  return value;
}

/**
 * What a play request becomes on Asterisk: runs of ARI media URIs (ARI plays a list in order), and
 * pauses the adapter times itself. A pause cannot be an ARI URI: `tone:!0/<ms>` never finishes
 * (ast_control_tone waits for a control frame), and core sounds' `silence/N` has whole seconds only.
 */
export type MediaSegment = { kind: 'uris'; uris: string[] } | { kind: 'pause'; ms: number };

export function mediaSegments(media: MediaRef[]): MediaSegment[] {
  const out: MediaSegment[] = [];
  for (const [i, m] of media.entries()) {
    const last = out[out.length - 1];
    if (m.kind === 'silence') {
      const ms = Math.max(1, Math.round(m.ms));
      if (last?.kind === 'pause') last.ms += ms;
      else out.push({ kind: 'pause', ms });
      continue;
    }
    const uris = mediaUris(m, i);
    if (last?.kind === 'uris') last.uris.push(...uris);
    else out.push({ kind: 'uris', uris });
  }
  return out;
}

/** One non-silence MediaRef -> its ARI media URIs (a daemon prompt may be several sounds). */
function mediaUris(m: Exclude<MediaRef, { kind: 'silence' }>, i: number): string[] {
  switch (m.kind) {
    case 'sound':
      return [`sound:${token(m.name, `/media/${i}/name`)}`];
    case 'file':
      // sound: takes an absolute path without extension as well as a prompt name.
      return [`sound:${token(m.path, `/media/${i}/path`)}`];
    case 'digits':
      if (!/^[0-9*#]+$/.test(m.value)) throw new AppError('VALIDATION_FAILED', `/media/${i}/value: digits only`);
      return [`digits:${m.value}`];
    case 'number':
      return [`number:${Math.trunc(m.value)}`];
    case 'prompt':
      return ASTERISK_PROMPTS[m.name].map((sound) => `sound:${sound}`);
  }
}

export function dialString(endpoint: EndpointRef, defaultTrunk: string | undefined): string {
  switch (endpoint.kind) {
    case 'phone':
      return `PJSIP/${token(endpoint.name, '/endpoint/name')}`;
    case 'number': {
      const trunk = endpoint.trunk ?? defaultTrunk;
      if (!trunk) throw new AppError('CONFIG_INVALID', 'No SIP trunk is configured for external numbers');
      if (!/^\+?[0-9*#]+$/.test(endpoint.number)) {
        throw new AppError('VALIDATION_FAILED', '/endpoint/number: digits only');
      }
      return `PJSIP/${endpoint.number}@${token(trunk, '/endpoint/trunk')}`;
    }
    case 'dial':
      return endpoint.dialString;
  }
}

export function callerIdString(name: string | undefined, num: string | undefined): string | undefined {
  if (!name && !num) return undefined;
  const clean = (s: string) => s.replace(/["<>\r\n]/g, '');
  return name ? `"${clean(name)}" <${clean(num ?? '')}>` : `<${clean(num ?? '')}>`;
}
