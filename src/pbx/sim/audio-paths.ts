/**
 * Who hears whom in the simulated PBX, derived from bridges, hold, mute and supervision. The
 * rules mirror what ARI and FreeSWITCH do, so the contract suite can check audio paths:
 *  - members of a mixing bridge hear each other; members of a holding bridge hear nobody;
 *  - a channel on hold (hold()) is not heard and hears silence; its peers hear music on hold
 *    instead of it (the port's hold: the holding party's call partner gets the music);
 *  - mute 'in' silences what a channel says, mute 'out' what it hears;
 *  - a supervisor hears the agent's call in every mode; in whisper the agent also hears the
 *    supervisor; in barge everyone on the call does.
 */
import type { SimBridge, SimChannel, SimSupervision } from './sim-world.js';

export interface AudioView {
  channels: ReadonlyMap<string, SimChannel>;
  bridges: ReadonlyMap<string, SimBridge>;
  sessions: ReadonlyMap<string, SimSupervision>;
}

function speaks(view: AudioView, id: string): boolean {
  const ch = view.channels.get(id);
  return !!ch && ch.state === 'up' && !ch.muted.in && !ch.onHold;
}

/** The channels on the same call as `id` (its mixing bridge's other members). */
function callPeers(view: AudioView, id: string): string[] {
  const ch = view.channels.get(id);
  const bridge = ch?.bridgeId ? view.bridges.get(ch.bridgeId) : undefined;
  if (!bridge || bridge.kind !== 'mixing') return [];
  return bridge.channelIds.filter((c) => c !== id);
}

export function hears(view: AudioView, id: string): string[] {
  const ch = view.channels.get(id);
  if (!ch || ch.state !== 'up' || ch.muted.out || ch.onHold) return [];
  const heard = new Set(callPeers(view, id));
  for (const s of view.sessions.values()) {
    const callOfTarget = [s.targetChannelId, ...callPeers(view, s.targetChannelId)];
    if (s.supervisorChannelId === id) {
      for (const c of callOfTarget) heard.add(c);
    } else if (s.mode === 'whisper' && s.targetChannelId === id) {
      heard.add(s.supervisorChannelId);
    } else if (s.mode === 'barge' && callOfTarget.includes(id)) {
      heard.add(s.supervisorChannelId);
    }
  }
  heard.delete(id);
  return [...heard].filter((c) => speaks(view, c)).sort();
}

/** Music on hold reaches the channel: started on it, or a bridge peer is on hold. */
export function hearsMoh(view: AudioView, id: string): boolean {
  const ch = view.channels.get(id);
  if (!ch || ch.muted.out) return false;
  if (ch.moh) return true;
  return callPeers(view, id).some((c) => view.channels.get(c)?.onHold === true);
}
