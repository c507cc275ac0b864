import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/core/log.js';
import type { AriEvent } from '../../../../src/pbx/asterisk/ari-models.js';
import { ChannelTracker } from '../../../../src/pbx/asterisk/channel-tracker.js';
import type { ChannelInfo, PbxEvent } from '../../../../src/pbx/port.js';

const flows = fileURLToPath(new URL('../../../fixtures/asterisk/flows/', import.meta.url));
const recorded = (name: string): AriEvent[] =>
  readFileSync(`${flows}${name}.events.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AriEvent);

function tracker(): { t: ChannelTracker; out: PbxEvent[] } {
  const out: PbxEvent[] = [];
  return { t: new ChannelTracker('cti', (e) => out.push(e), silentLogger), out };
}

const placed = (id: string): ChannelInfo => ({
  id,
  direction: 'outbound',
  state: 'down',
  name: 'PJSIP/agent1',
  callerNumber: '100',
  callerName: 'CTI Queue',
  dialedNumber: 'agent1',
  variables: {},
  sipHeaders: {},
});

const brief = (e: PbxEvent): string => {
  switch (e.type) {
    case 'channel.inbound':
      return `inbound ${e.channel.id}`;
    case 'channel.dtmf':
      return `dtmf ${e.channelId} ${e.digit}`;
    case 'channel.hangup':
      return `hangup ${e.channelId} ${e.cause} ${e.initiator} ${e.causeCode ?? '-'}`;
    case 'recording.finished':
      return `recording ${e.recordingId} ${e.durationMs ?? '-'}`;
    default:
      return 'channelId' in e ? `${e.type.replace('channel.', '')} ${e.channelId}` : e.type;
  }
};

describe('ARI channel tracker on recorded flows', () => {
  it('given recorded flow a when replayed then inbound, answer, DTMF, the originated agent leg, recording and both hang-ups come out', () => {
    const { t, out } = tracker();
    // The adapter registers the agent leg before POST /channels; here we stand in for it.
    const events = recorded('a-inbound-dtmf-hold-agent-record');
    for (const e of events) {
      if (e.type === 'Dial' && e.dialstatus === '' && !t.channels.has(e.peer.id)) t.placeOriginated(placed(e.peer.id));
      // The agent leg is hung up by us (DELETE) just before its ChannelHangupRequest.
      if (e.type === 'ChannelHangupRequest' && e.channel.id === '1795246342.12') {
        const leg = t.channels.get('1795246342.12');
        if (leg) leg.localCause = 'normal';
      }
      t.handle(e);
    }
    expect(out.map(brief)).toEqual([
      'inbound 1795246337.9',
      'answered 1795246337.9',
      'dtmf 1795246337.9 1',
      'dtmf 1795246337.9 2',
      'dtmf 1795246337.9 3',
      'dtmf 1795246337.9 #',
      'ringing 1795246342.12',
      'answered 1795246342.12',
      'recording call-1795246337.9 2000',
      'hangup 1795246337.9 normal remote 16',
      'hangup 1795246342.12 normal local 32',
    ]);
    const inbound = out[0];
    expect(inbound?.type === 'channel.inbound' && inbound.channel).toMatchObject({
      callerNumber: 'caller',
      callerName: 'Caller One',
      dialedNumber: '100',
      state: 'ringing',
    });
    expect(t.channels.size).toBe(0);
    // Recorded: the emptied holding bridge's DELETE brought no BridgeDestroyed (the app was no
    // longer subscribed to it), so only the adapter's own destroyBridge can forget it.
    expect([...t.bridges.keys()]).toEqual(['9db92546-0361-48a1-878c-2cbf24baee70']);
  });

  it('given recorded flow c when snoop channels enter the app then they are never reported as calls', () => {
    const { t, out } = tracker();
    for (const e of recorded('c-snoop-listen-whisper-barge')) {
      if (e.type === 'Dial' && e.dialstatus === '' && !t.channels.has(e.peer.id)) t.placeOriginated(placed(e.peer.id));
      if (e.type === 'StasisStart' && e.channel.name.startsWith('Snoop/')) t.internal.add(e.channel.id);
      t.handle(e);
    }
    const inbound = out.filter((e) => e.type === 'channel.inbound');
    expect(inbound).toHaveLength(1);
    expect(out.some((e) => 'channelId' in e && e.channelId.startsWith('snoop-'))).toBe(false);
    expect(t.internal.size).toBe(0);
  });

  it('given recorded flow d when the caller abandons in the holding bridge then one remote hang-up is reported', () => {
    const { t, out } = tracker();
    for (const e of recorded('d-abandon-in-holding-bridge')) t.handle(e);
    expect(out.filter((e) => e.type === 'channel.hangup').map(brief)).toEqual(['hangup 1795246451.25 normal remote -']);
    // The empty holding bridge stays until DELETE (recorded), then BridgeDestroyed clears it.
    expect(t.bridges.size).toBe(0);
  });

  it('given an originated leg when Asterisk destroys it with Q.850 17, 19 or 21 then the cause is busy, no_answer or rejected', () => {
    for (const [code, cause, dial] of [
      [17, 'busy', 'BUSY'],
      [19, 'no_answer', 'NOANSWER'],
      [21, 'rejected', ''],
      [16, 'normal', ''],
    ] as const) {
      const { t, out } = tracker();
      t.placeOriginated(placed('leg'));
      const channel = { id: 'leg', name: 'PJSIP/agent1-1', state: 'Ringing', caller: { name: '', number: '' }, connected: { name: '', number: '' }, dialplan: { context: 'x', exten: 's', priority: 1 }, creationtime: '' };
      if (dial) t.handle({ type: 'Dial', timestamp: '', dialstatus: dial, peer: channel });
      t.handle({ type: 'ChannelDestroyed', timestamp: '', cause: code, cause_txt: 'x', channel });
      expect(out.at(-1)).toEqual({ type: 'channel.hangup', channelId: 'leg', cause, initiator: 'remote', causeCode: code, causeText: 'x' });
    }
  });

  it('given a channel redirected by us when its StasisEnd arrives then the hang-up is local and reported once', () => {
    const { t, out } = tracker();
    for (const e of recorded('b2-redirect-refer')) {
      if (e.type === 'ChannelHangupRequest') {
        const c = t.channels.get(e.channel.id);
        if (c) c.localCause = 'normal';
      }
      t.handle(e);
    }
    expect(out.filter((e) => e.type === 'channel.hangup').map(brief)).toEqual(['hangup 1795246396.16 normal local -']);
  });
});
