/**
 * TURN for screen shares: credentials by the TURN REST convention (checked against openssl's
 * HMAC-SHA1), made per share and peer end, carried to both browsers, the shared secret in no frame
 * and masked in the printed configuration.
 */
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../../../src/config.js';
import { turnIceServers } from '../../../../src/chat/assist/turn-credentials.js';
import { FakeClock } from '../../../../src/core/clock.js';
import { InProcessEventBus } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import { ShareService } from '../../../../src/chat/assist/share-service.js';
import type { ChatRecord } from '../../../../src/chat/chat-state.js';

const SECRET = 'north-wind-turn-secret-0123456789abcdef';
const URLS = ['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349'];

describe('TURN credentials for screen shares', () => {
  it('given a secret and a 600 s lifetime when credentials are made at 09:00 UTC then username is expiry:user and the credential is base64 HMAC-SHA1 of it', () => {
    const at = Date.UTC(2026, 10, 23, 9, 0, 0);
    expect(turnIceServers({ urls: URLS, secret: SECRET, ttlSeconds: 600 }, 'share-s1-p1-visitor', at)).toEqual([
      // echo -n '1795425000:share-s1-p1-visitor' | openssl dgst -sha1 -hmac "$SECRET" -binary | base64
      { urls: URLS, username: '1795425000:share-s1-p1-visitor', credential: '1rTMW5Mm2TWF+cu9sGaAqoUtc+w=' },
    ]);
  });

  it('given no TURN URLs then no servers; given URLs without a secret then the URLs alone', () => {
    expect(turnIceServers({ urls: [], secret: SECRET, ttlSeconds: 600 }, 'u', 0)).toEqual([]);
    expect(turnIceServers({ urls: ['stun:stun.example.com:3478'], ttlSeconds: 600 }, 'u', 0)).toEqual([{ urls: ['stun:stun.example.com:3478'] }]);
  });

  it('given a share accepted with TURN configured when the peers are told then each end has its own short-lived user and no frame holds the secret', async () => {
    const clock = new FakeClock();
    const told: unknown[] = [];
    const shares = new ShareService({
      chats: {
        servedBy: async () => ({ id: 'c1', visitorId: 'v1', state: 'active', agentId: 'a1' }) as ChatRecord,
        seenBy: async () => undefined,
        tellVisitor: (_chatId, frame) => told.push(frame),
        assistNote: async () => undefined,
      },
      store: { insert: async () => undefined, save: async () => undefined, ofChat: async () => [], unfinished: async () => [] },
      staff: { send: (_userId, frame) => told.push(frame) },
      names: { displayName: async () => 'Alice Wang' },
      clock,
      bus: new InProcessEventBus(),
      log: silentLogger,
      newId: (() => {
        let n = 0;
        return () => `x${++n}`;
      })(),
      iceServers: (user) => turnIceServers({ urls: URLS, secret: SECRET, ttlSeconds: 600 }, user, clock.now()),
    });
    const s = await shares.invite('a1', 'u1', 'c1', 'speed');
    await shares.visitorAnswer('v1', s.id, true);
    const peerFrame = told.find((f) => (f as { type: string }).type === 'share_peer') as { iceServers: { username: string }[] };
    const viewerFrame = told.find((f) => (f as { type: string; share?: { peer?: string } }).type === 'share_changed' && (f as { share: { peer?: string } }).share.peer) as { share: { iceServers: { username: string }[] } };
    expect(peerFrame.iceServers[0]?.username).toBe(`1795425000:share-${s.id}-x2-visitor`);
    expect(viewerFrame.share.iceServers[0]?.username).toBe(`1795425000:share-${s.id}-x2-viewer`);
    expect(JSON.stringify(told)).not.toContain(SECRET);
  });

  it('given SWITCHBOARD_TURN_* when the configuration is loaded and printed then the URLs and lifetime are read and the secret is masked; a short secret is refused', () => {
    const config = loadConfig({ SWITCHBOARD_TURN_URLS: URLS.join(','), SWITCHBOARD_TURN_SECRET: SECRET, SWITCHBOARD_TURN_TTL_SECONDS: '300' });
    expect(config.assist).toEqual({ turnUrls: URLS, turnSecret: SECRET, turnTtlSeconds: 300, recordingMaxBytes: 100 * 1024 * 1024 });
    expect(JSON.stringify(describeConfig(config))).not.toContain(SECRET);
    expect(() => loadConfig({ SWITCHBOARD_TURN_SECRET: 'short' })).toThrow(/SWITCHBOARD_TURN_SECRET|CONFIG/);
  });
});
