import type { BridgeInfo, PbxEvent, PbxSnapshot } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { AriBridge, AriChannel } from './ari-models.js';
import type { ChannelTracker } from './channel-tracker.js';
import { channelState } from './event-map.js';

/** What Asterisk has now that belongs to our app: its Stasis channels and the bridges holding them. */
export async function fetchOurs(
  http: AriHttpClient,
  tracker: ChannelTracker,
): Promise<{ channels: AriChannel[]; bridges: AriBridge[] }> {
  const [channels, bridges] = await Promise.all([
    http.get<AriChannel[]>('/channels'),
    http.get<AriBridge[]>('/bridges'),
  ]);
  const ours = channels.filter((c) => tracker.isOurs(c));
  const ids = new Set(ours.map((c) => c.id));
  const ourBridges = bridges.filter(
    (b) => b.bridge_class === 'stasis' && (tracker.bridges.has(b.id) || b.channels.some((c) => ids.has(c))),
  );
  return { channels: ours, bridges: ourBridges };
}

/**
 * After a (re)connect: every channel we knew that Asterisk no longer has ends with cause 'lost';
 * every channel of our app we did not know is adopted (tracked, not announced as new). Bridges
 * follow the same rule, so none is forgotten or orphaned in our books.
 */
export async function reconcile(
  http: AriHttpClient,
  tracker: ChannelTracker,
  emit: (e: PbxEvent) => void,
): Promise<void> {
  const knownBefore = new Set(tracker.channels.keys());
  const { channels, bridges } = await fetchOurs(http, tracker);
  const present = new Set(channels.map((c) => c.id));
  const lost: string[] = [];
  for (const id of knownBefore) {
    if (!present.has(id) && tracker.channels.has(id)) {
      lost.push(id);
      tracker.ended(id, 'lost', 'unknown');
    }
  }
  const adopted: string[] = [];
  for (const c of channels) {
    const t = tracker.channels.get(c.id);
    if (!t) {
      tracker.adopt(c);
      adopted.push(c.id);
    } else {
      t.info.state = channelState(c.state);
    }
  }
  const presentBridges = new Set(bridges.map((b) => b.id));
  for (const id of [...tracker.bridges.keys()]) if (!presentBridges.has(id)) tracker.bridges.delete(id);
  for (const b of bridges) {
    const info: BridgeInfo = {
      id: b.id,
      kind: b.bridge_type === 'holding' ? 'holding' : 'mixing',
      channelIds: b.channels.filter((c) => tracker.channels.has(c)),
    };
    tracker.bridges.set(b.id, info);
    for (const c of info.channelIds) {
      const t = tracker.channels.get(c);
      if (t) t.info.bridgeId = b.id;
    }
  }
  emit({ type: 'connection.reconciled', lostChannelIds: lost, adoptedChannelIds: adopted });
}

export function toSnapshot(channels: AriChannel[], bridges: AriBridge[], tracker: ChannelTracker): PbxSnapshot {
  const bridgeOf = new Map<string, string>();
  for (const b of bridges) for (const c of b.channels) bridgeOf.set(c, b.id);
  return {
    channels: channels.map((c) => {
      const known = tracker.channels.get(c.id)?.info;
      const info = known
        ? { ...known, state: channelState(c.state) }
        : {
            id: c.id,
            direction: 'inbound' as const,
            state: channelState(c.state),
            name: c.name,
            callerNumber: c.caller.number,
            callerName: c.caller.name,
            dialedNumber: c.dialplan.exten,
            variables: {},
            sipHeaders: {},
          };
      const bridgeId = bridgeOf.get(c.id);
      return bridgeId ? { ...info, bridgeId } : { ...info, bridgeId: undefined };
    }),
    bridges: bridges.map((b) => ({
      id: b.id,
      kind: b.bridge_type === 'holding' ? 'holding' : 'mixing',
      channelIds: [...b.channels],
    })),
  };
}
