import type { OriginateOptions } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { AriChannel } from './ari-models.js';
import type { ChannelTracker } from './channel-tracker.js';
import { callerIdString, dialString } from './event-map.js';

/**
 * Originate a leg into our Stasis app under an id we choose.
 *
 * latency-facts.md: the fastest controller sends POST /channels the moment the offer is
 * decided, with nothing awaited before it, and does not wait on the response (the INVITE has
 * left before it arrives). So everything here before the request is synchronous: the leg is
 * registered in the tracker under our id first, because Dial / ChannelStateChange (and on answer
 * StasisStart) can beat the 200. The returned promise settles with the response; callers that
 * do not need to know about a refusal yet need not await it before bridging the other party.
 */
export async function originateLeg(
  http: AriHttpClient,
  tracker: ChannelTracker,
  o: OriginateOptions,
  cfg: { app: string; defaultTrunk: string | undefined; newId: () => string },
): Promise<string> {
  const id = o.channelId ?? cfg.newId();
  const endpoint = dialString(o.endpoint, cfg.defaultTrunk);
  tracker.placeOriginated({
    id,
    direction: 'outbound',
    state: 'down',
    name: endpoint,
    callerNumber: o.callerIdNumber ?? '',
    callerName: o.callerIdName ?? '',
    dialedNumber: o.endpoint.kind === 'number' ? o.endpoint.number : o.endpoint.kind === 'phone' ? o.endpoint.name : endpoint,
    variables: { ...(o.variables ?? {}) },
    sipHeaders: {},
  });
  const request = http.post<AriChannel>('/channels', {
    query: {
      endpoint,
      app: cfg.app,
      appArgs: 'originated',
      channelId: id,
      timeout: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
      callerId: callerIdString(o.callerIdName, o.callerIdNumber),
    },
    body: o.variables && Object.keys(o.variables).length > 0 ? { variables: o.variables } : undefined,
  });
  try {
    const ch = await request;
    const t = tracker.channels.get(id);
    if (t) t.info.name = ch.name;
  } catch (err) {
    tracker.channels.delete(id);
    throw err;
  }
  return id;
}
