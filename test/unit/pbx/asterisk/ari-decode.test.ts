import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { systemClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/log.js';
import { decodeAriEvent } from '../../../../src/pbx/asterisk/ari-decode.js';
import { AriEventSocket } from '../../../../src/pbx/asterisk/ari-events.js';
import type { AriEvent } from '../../../../src/pbx/asterisk/ari-models.js';

const recorded = JSON.parse(readFileSync(join(import.meta.dirname, '../../../fixtures/asterisk/ari-events.json'), 'utf8')) as Record<string, Record<string, unknown>>;
const stasisStart = recorded.StasisStart!;

describe('decodeAriEvent', () => {
  it('given every recorded ARI event when decoded then each comes back unchanged', () => {
    for (const e of Object.values(recorded)) expect(decodeAriEvent(JSON.stringify(e))).toEqual(e);
  });

  it('given frames that are not events when decoded then each is a PBX_PROTOCOL error naming where (fuzzing: these threw TypeErrors in the tracker)', () => {
    const cases: [string, string][] = [
      ['null', 'ari'],
      ['42', 'ari'],
      ['not json', 'ari'],
      ['{"timestamp":"x"}', 'ari/type'],
      ['{"type":"StasisStart","args":[]}', 'ari/channel'],
      [JSON.stringify({ ...stasisStart, channel: { ...(stasisStart.channel as object), caller: null } }), 'ari/channel/caller'],
      [JSON.stringify({ ...stasisStart, args: 'inbound' }), 'ari/args'],
      ['{"type":"ChannelEnteredBridge","channel":null}', 'ari/channel'],
      [JSON.stringify({ type: 'BridgeDestroyed', bridge: { id: 'b', bridge_type: 'mixing', channels: [1] } }), 'ari/bridge/channels'],
      ['{"type":"PlaybackFinished","playback":{}}', 'ari/playback/id'],
    ];
    for (const [text, where] of cases) {
      expect(() => decodeAriEvent(text), text).toThrow(expect.objectContaining({ code: 'PBX_PROTOCOL', details: expect.objectContaining({ where }) }));
    }
  });

  it('given an event type we do not read when decoded then it passes with its fields', () => {
    expect(decodeAriEvent('{"type":"EndpointStateChange","endpoint":{}}')).toEqual({ type: 'EndpointStateChange', endpoint: {} });
  });
});

describe('AriEventSocket with unreadable frames', () => {
  let server: WebSocketServer | undefined;
  let socket: AriEventSocket | undefined;
  afterEach(async () => {
    await socket?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = socket = undefined;
  });

  it('given broken frames between two good events when they arrive then the broken ones are logged with PBX_PROTOCOL and dropped, and both events arrive', async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    server.on('connection', (ws) => {
      for (const frame of [JSON.stringify(stasisStart), 'null', '7', '{"type":"StasisEnd"}', JSON.stringify(recorded.ChannelStateChange)]) ws.send(frame);
    });
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (obj: Record<string, unknown>) => void warnings.push(obj.code) };
    const events: AriEvent[] = [];
    let all: () => void = () => undefined;
    const twoEvents = new Promise<void>((resolve) => (all = resolve));
    socket = new AriEventSocket(
      { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ari`, username: 'u', password: 'p', app: 'cti', clock: systemClock, logger },
      {
        open: () => undefined,
        event: (e) => {
          events.push(e);
          if (events.length === 2) all();
        },
        down: () => undefined,
      },
    );
    await socket.start();
    await twoEvents;
    expect(events.map((e) => e.type)).toEqual(['StasisStart', 'ChannelStateChange']);
    expect(warnings).toEqual(['PBX_PROTOCOL', 'PBX_PROTOCOL', 'PBX_PROTOCOL']);
  });
});
