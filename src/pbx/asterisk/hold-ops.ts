import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { AriHttpClient } from './ari-http.js';
import type { AriBridge } from './ari-models.js';
import type { ChannelTracker } from './channel-tracker.js';

const enc = encodeURIComponent;

/**
 * The port's hold on Asterisk: the holding party hears silence and is not heard, the other
 * members of its bridge hear music on hold; unhold restores the bridge.
 *
 * ARI's own POST /channels/{id}/hold is not that: it indicates HOLD on that same channel, and
 * chan_pjsip answers the indication by playing music to that channel's phone, so holding the
 * agent leg played music to the agent while the caller went on hearing the agent. Instead:
 *  - music on hold is started on every other member of the holder's bridge (a generator on a
 *    bridged channel replaces what the bridge writes to it, so they hear music, not the holder);
 *  - a silence generator plays to the holder (it hears nothing of the bridge).
 * Nobody changes bridge, so recordings, supervision and the daemon's view of the call stay put.
 *
 *   idle --hold--> holding(peers) --unhold--> idle
 * A peer that has gone by unhold time is skipped; a holder that is gone rejects CHANNEL_GONE.
 */
export class HoldManager {
  /** holder channel id -> the peers we started music on. */
  private readonly held = new Map<string, string[]>();

  constructor(
    private readonly http: AriHttpClient,
    private readonly tracker: ChannelTracker,
    private readonly log: Logger,
  ) {}

  async hold(channelId: string): Promise<void> {
    // First the holder: a channel that is gone rejects here, before anyone gets music.
    await this.http.post(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' });
    const peers = await this.peersOf(channelId);
    const already = this.held.get(channelId) ?? [];
    this.held.set(channelId, [...new Set([...already, ...peers])]);
    for (const peer of peers) await this.tolerateGone(peer, this.http.post(`/channels/${enc(peer)}/moh`, { addresses: 'channel' }));
  }

  async unhold(channelId: string): Promise<void> {
    const peers = this.held.get(channelId) ?? [];
    this.held.delete(channelId);
    for (const peer of peers) await this.tolerateGone(peer, this.http.delete(`/channels/${enc(peer)}/moh`, { addresses: 'channel' }));
    await this.http.delete(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' });
  }

  /** The holder's bridge members now (Asterisk's list, not events that may still be in flight). */
  private async peersOf(channelId: string): Promise<string[]> {
    const bridgeId = this.tracker.channels.get(channelId)?.info.bridgeId ?? this.bridgeHolding(channelId);
    if (!bridgeId) return [];
    try {
      const bridge = await this.http.get<AriBridge>(`/bridges/${enc(bridgeId)}`, { addresses: 'bridge' });
      return bridge.channels.filter((c) => c !== channelId && !this.tracker.internal.has(c));
    } catch (err) {
      if (isAppError(err, 'BRIDGE_GONE')) return [];
      throw err;
    }
  }

  private bridgeHolding(channelId: string): string | undefined {
    for (const b of this.tracker.bridges.values()) if (b.channelIds.includes(channelId)) return b.id;
    return undefined;
  }

  /** A peer that hung up meanwhile needs no music: an expected outcome, logged at debug. */
  private async tolerateGone(peer: string, p: Promise<unknown>): Promise<void> {
    try {
      await p;
    } catch (err) {
      if (!isAppError(err, 'CHANNEL_GONE')) throw err;
      this.log.debug({ channelId: peer }, 'hold: bridge peer already gone');
    }
  }
}
