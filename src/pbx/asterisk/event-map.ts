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

/** MediaRef -> ARI media URIs (several per ref for long silences; ARI plays a list in order). */
export function mediaUris(media: MediaRef[]): string[] {
  const out: string[] = [];
  for (const [i, m] of media.entries()) {
    switch (m.kind) {
      case 'sound':
        out.push(`sound:${token(m.name, `/media/${i}/name`)}`);
        break;
      case 'file':
        // sound: takes an absolute path without extension as well as a prompt name.
        out.push(`sound:${token(m.path, `/media/${i}/path`)}`);
        break;
      case 'digits':
        if (!/^[0-9*#]+$/.test(m.value)) throw new AppError('VALIDATION_FAILED', `/media/${i}/value: digits only`);
        out.push(`digits:${m.value}`);
        break;
      case 'number':
        out.push(`number:${Math.trunc(m.value)}`);
        break;
      case 'silence':
        // A played-once indication tone of frequency 0 is silence of exactly that length.
        out.push(`tone:!0/${Math.max(1, Math.round(m.ms))}`);
        break;
      case 'prompt':
        for (const sound of ASTERISK_PROMPTS[m.name]) out.push(`sound:${sound}`);
        break;
    }
  }
  return out;
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
