/**
 * The snoop channel of a listen / whisper session may enter Stasis after Asterisk answered the
 * snoop request (seen on a real Asterisk 22; the recorded flow has it before). A bridge refuses a
 * channel not yet in Stasis (422), so the supervisor is bridged only once the snoop is in.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { AriHttpClient } from '../../../../src/pbx/asterisk/ari-http.js';
import type { AriChannel, AriEvent } from '../../../../src/pbx/asterisk/ari-models.js';
import { ChannelTracker } from '../../../../src/pbx/asterisk/channel-tracker.js';
import { SupervisionManager } from '../../../../src/pbx/asterisk/supervision.js';

const channel = (id: string): AriChannel => ({
  id,
  name: `Snoop/${id}`,
  state: 'Up',
  caller: { name: '', number: '' },
  connected: { name: '', number: '' },
  dialplan: { context: 'default', exten: 's', priority: 1, app_name: 'Stasis', app_data: 'cti,snoop,listen' },
  creationtime: '2026-12-06T08:00:00.000+0000',
});

function setup() {
  const tracker = new ChannelTracker('cti', () => undefined, silentLogger);
  const requests: string[] = [];
  let snoopId = '';
  const http = {
    post: async (path: string, req: { query?: Record<string, string> } = {}) => {
      requests.push(`POST ${path}${req.query?.channel ? ` ${req.query.channel}` : ''}`);
      if (path.endsWith('/snoop')) snoopId = req.query?.snoopId ?? '';
      return undefined;
    },
    delete: async (path: string) => {
      requests.push(`DELETE ${path}`);
    },
  } as unknown as AriHttpClient;
  const manager = new SupervisionManager(http, tracker, 'cti', () => '1');
  const event = (type: 'StasisStart' | 'ChannelDestroyed') =>
    tracker.handle({ type, channel: channel(snoopId), args: ['snoop', 'listen'], cause: 16, cause_txt: 'Normal Clearing', timestamp: '', application: 'cti' } as unknown as AriEvent);
  const lost = () => tracker.connectionLost();
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { manager, requests, event, lost, flush };
}

describe('Asterisk supervision: the snoop channel and the bridge', () => {
  it('given the snoop request answered before the snoop entered Stasis when listening starts then nothing is bridged until its StasisStart arrives', async () => {
    const s = setup();
    const started = s.manager.start({ targetChannelId: 'agent-1', supervisorChannelId: 'sup-1', mode: 'listen' });
    await s.flush();
    expect(s.requests).toEqual(['POST /channels/agent-1/snoop']);
    s.event('StasisStart');
    await started;
    expect(s.requests).toEqual(['POST /channels/agent-1/snoop', 'POST /bridges', 'POST /bridges/spy-sup-1/addChannel sup-1,snoop-listen-1']);
  });

  it('given the snoop ends before it entered Stasis when listening starts then it fails with CHANNEL_GONE and bridges nothing', async () => {
    const s = setup();
    const started = s.manager.start({ targetChannelId: 'agent-1', supervisorChannelId: 'sup-1', mode: 'listen' }).catch((e: unknown) => e);
    await s.flush();
    s.event('ChannelDestroyed');
    const err = await started;
    expect(isAppError(err, 'CHANNEL_GONE')).toBe(true);
    expect(s.requests.filter((r) => r.includes('addChannel'))).toEqual([]);
  });

  it('given the link to Asterisk drops while the snoop is awaited when listening starts then it fails with CHANNEL_GONE instead of waiting for ever', async () => {
    const s = setup();
    const started = s.manager.start({ targetChannelId: 'agent-1', supervisorChannelId: 'sup-1', mode: 'listen' }).catch((e: unknown) => e);
    await s.flush();
    s.lost();
    expect(isAppError(await started, 'CHANNEL_GONE')).toBe(true);
    expect(s.requests.filter((r) => r.includes('addChannel'))).toEqual([]);
  });
});
