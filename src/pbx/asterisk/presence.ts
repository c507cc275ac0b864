import { isAppError } from '../../core/errors.js';
import type { EndpointPresence, PbxEvent } from '../port.js';
import type { AmiClient } from './ami-client.js';
import type { AmiMessage } from './ami-parser.js';
import type { AriHttpClient } from './ari-http.js';
import type { AriEndpoint } from './ari-models.js';

/** AMI DeviceStateChange `State` -> presence. Only UNAVAILABLE means no reachable contact. */
export function presenceFromDeviceState(state: string | undefined): EndpointPresence {
  switch (state) {
    case 'UNAVAILABLE':
      return 'unregistered';
    case 'UNKNOWN':
    case 'INVALID':
    case undefined:
      return 'unknown';
    default:
      return 'registered';
  }
}

/** AMI ContactStatus `ContactStatus` -> presence of that contact. */
export function presenceFromContactStatus(status: string | undefined): EndpointPresence {
  switch (status) {
    case 'Created':
    case 'Reachable':
    case 'NonQualified':
    case 'Updated':
      return 'registered';
    case 'Removed':
    case 'Unreachable':
      return 'unregistered';
    default:
      return 'unknown';
  }
}

/** PJSIPShowEndpoints `EndpointList` item: no contacts or Unavailable -> unregistered. */
export function presenceFromEndpointList(item: AmiMessage): EndpointPresence {
  if (item.DeviceState === 'Unavailable') return 'unregistered';
  const contacts = (item.Contacts ?? '').split(',').filter((c) => c.trim().length > 0);
  if (contacts.length === 0) return 'unregistered';
  return item.DeviceState === 'Invalid' ? 'unknown' : 'registered';
}

/** ARI endpoint `state`: online / offline / unknown. */
export function presenceFromAriEndpoint(ep: AriEndpoint): EndpointPresence {
  if (ep.state === 'online') return 'registered';
  if (ep.state === 'offline') return 'unregistered';
  return 'unknown';
}

/** Turns the AMI event stream into endpoint.presence events, only on change. */
export class PresenceTracker {
  private readonly known = new Map<string, EndpointPresence>();

  constructor(private readonly emit: (e: PbxEvent) => void) {}

  get(endpoint: string): EndpointPresence | undefined {
    return this.known.get(endpoint);
  }

  set(endpoint: string, presence: EndpointPresence): void {
    if (this.known.get(endpoint) === presence) return;
    this.known.set(endpoint, presence);
    this.emit({ type: 'endpoint.presence', endpoint, presence });
  }

  handleAmi(m: AmiMessage): void {
    if (m.Event === 'DeviceStateChange') {
      const device = m.Device ?? '';
      // Only plain PJSIP endpoints; Queue:/Local/ and Stasis: devices are not phones.
      if (!device.startsWith('PJSIP/')) return;
      this.set(device.slice('PJSIP/'.length), presenceFromDeviceState(m.State));
    } else if (m.Event === 'ContactStatus') {
      const endpoint = m.EndpointName ?? m.AOR;
      if (endpoint) this.set(endpoint, presenceFromContactStatus(m.ContactStatus));
    }
  }
}

/**
 * On-demand presence: AMI PJSIPShowEndpoints when AMI is up (it sees contacts), else ARI
 * GET /endpoints/PJSIP/{name} (online/offline). An endpoint Asterisk does not know is 'unknown'.
 */
export async function lookupPresence(
  name: string,
  ami: AmiClient | undefined,
  http: AriHttpClient,
  tracker: PresenceTracker,
): Promise<EndpointPresence> {
  if (ami?.isConnected()) {
    const items = await ami.listAction({ Action: 'PJSIPShowEndpoints' });
    const item = items.find((i) => i.ObjectName === name);
    const p = item ? presenceFromEndpointList(item) : 'unknown';
    if (item) tracker.set(name, p);
    return p;
  }
  try {
    return presenceFromAriEndpoint(await http.get<AriEndpoint>(`/endpoints/PJSIP/${encodeURIComponent(name)}`));
  } catch (err) {
    if (isAppError(err, 'PBX_REJECTED') && (err.details as { status?: number }).status === 404) return 'unknown';
    throw err;
  }
}
