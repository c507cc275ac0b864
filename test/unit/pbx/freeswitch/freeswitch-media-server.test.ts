import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../../src/core/errors.js';
import { startFakeSetup, type FakeSetup } from '../../../fakes/freeswitch/fake-harness.js';
import { SHOW_CHANNELS_LAG_MS } from '../../../fakes/freeswitch/fake-listing.js';
import { DEFAULT_CALLS_CONFIG } from '../../../../src/calls/call-config.js';

let setup: FakeSetup | undefined;
afterEach(async () => {
  const s = setup;
  setup = undefined;
  s?.log.stop();
  await s?.server.close();
  await s?.fake.close();
});

async function passTime(s: FakeSetup, ms: number, step = 50): Promise<void> {
  for (let left = ms; left > 0; left -= step) {
    await s.settle();
    await s.clock.advanceAsync(Math.min(step, left));
  }
  await s.settle();
}

describe('FreeSwitchMediaServer: reconnect', () => {
  it('given FreeSWITCH stays away when time passes then retries back off 100, 200, 400 ms and the link comes back', async () => {
    const s = (setup = await startFakeSetup());
    const mark = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, mark);
    await passTime(s, 300, 100); // attempts at +100 and +300 are refused
    await s.fake.start();
    await passTime(s, 350, 50);
    expect(s.server.isConnected()).toBe(false); // the next attempt is due at +700
    await passTime(s, 100, 50);
    await s.log.waitFor('connection.reconciled', () => true, mark);
    expect(s.server.isConnected()).toBe(true);
    expect(s.log.events.slice(mark).map((e) => e.type)).toEqual(['connection.down', 'connection.up', 'connection.reconciled']);
  });

  it('given marked and unmarked calls already in FreeSWITCH when we connect then only ours are adopted', async () => {
    let marked = '';
    let stranger = '';
    const s = (setup = await startFakeSetup('json', 'socket', (fake) => {
      marked = fake.newInboundChannel({ from: '+15550001', to: '+15559990000' }).id;
      const other = fake.newInboundChannel({ from: '+15550002', to: '+15559990000' });
      other.vars.delete('switchboard_owned');
      stranger = other.id;
      fake.clock.advance(SHOW_CHANNELS_LAG_MS); // calls of a daemon restart are old enough to be listed
    }));
    const reconciled = await s.log.waitFor('connection.reconciled');
    expect(reconciled).toEqual({ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: [marked] });
    const snap = await s.server.snapshot();
    expect(snap.channels.map((c) => c.id)).toEqual([marked]);
    await s.server.setVariable(marked, 'SB_ADOPTED', 'yes');
    expect(await s.server.getVariable(marked, 'SB_ADOPTED')).toBe('yes');
    const err = await s.server.answer(stranger).catch((e: unknown) => e);
    expect(isAppError(err, 'CHANNEL_GONE')).toBe(true);
  });
});

describe('FreeSwitchMediaServer: call arrival', () => {
  it('given the park dialplan when a marked call parks then channel.inbound is emitted once, and unmarked parks are ignored', async () => {
    const s = (setup = await startFakeSetup('plain', 'park'));
    const ours = s.fake.newInboundChannel({ from: '+15550003', to: '+15559990001', headers: { 'X-Ticket': 'T-9' } });
    s.fake.commands.park(ours);
    s.fake.commands.park(ours);
    const other = s.fake.newInboundChannel({ from: '+15550004', to: '+15559990001' });
    other.vars.delete('switchboard_owned');
    s.fake.commands.park(other);
    const inbound = await s.log.waitFor('channel.inbound');
    await s.settle();
    expect(inbound.channel).toMatchObject({ id: ours.id, direction: 'inbound', callerNumber: '+15550003', dialedNumber: '+15559990001' });
    expect(inbound.channel.sipHeaders).toMatchObject({ 'X-Ticket': 'T-9' });
    expect(s.log.ofType('channel.inbound')).toHaveLength(1);
  });

  it('given the socket dialplan when FreeSWITCH connects and then parks the call then it is announced once', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550005', to: '+15559990002' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    await s.settle();
    expect(s.log.ofType('channel.inbound')).toHaveLength(1);
    expect(s.fake.commandsSeen.filter((c) => c.startsWith('api uuid_answer'))).toEqual([]);
  });

  it('given a call that hung up before its socket connected when the connect arrives then it is not resurrected', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550006', to: '+15559990003' });
    s.fake.commands.park(ch);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    s.fake.commands.hangup(ch, 'NORMAL_CLEARING', 'recv_bye');
    await s.log.waitFor('channel.hangup', (e) => e.channelId === ch.id);
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.settle();
    expect(s.log.ofType('channel.inbound')).toHaveLength(1);
  });
});

describe('FreeSwitchMediaServer: commands on the wire', () => {
  it('given an originate then bgapi carries our id as origination_uuid, the ownership mark and &park()', async () => {
    const s = (setup = await startFakeSetup());
    const id = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, channelId: 'leg-1', callerIdName: 'Sales Queue', timeoutMs: 20_000 });
    await s.log.waitFor('channel.answered', (e) => e.channelId === id);
    const line = s.fake.commandsSeen.find((c) => c.startsWith('bgapi originate'))!;
    expect(line).toContain('origination_uuid=leg-1');
    expect(line).toContain('switchboard_owned=true');
    expect(line).toContain('park_after_bridge=true');
    expect(line).toContain('originate_timeout=20');
    expect(line).toContain("origination_caller_id_name='Sales Queue'");
    expect(line.endsWith('}user/agent1@pbx.test &park()')).toBe(true);
  });

  it('given an agent leg we originated when the phone answers then channel.answered waits until the leg has run its &park() (a bridge sent earlier is undone by the park)', async () => {
    const s = (setup = await startFakeSetup());
    s.fake.behaviours.set('agent1', 'manual');
    const id = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, channelId: 'leg-2', timeoutMs: 20_000 });
    await s.settle();
    const ch = s.fake.channels.get(id)!;
    const park = s.fake.commands.answer(ch, { parkLater: true });
    await s.settle();
    expect(s.log.ofType('channel.answered')).toEqual([]);
    park();
    await s.log.waitFor('channel.answered', (e) => e.channelId === id);
    await s.settle();
    expect(s.log.ofType('channel.answered')).toEqual([{ type: 'channel.answered', channelId: id }]);
  });

  it('given a channel FreeSWITCH lost silently when a command fails then CHANNEL_GONE, one lost hang-up, and no further traffic', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550007', to: '+15559990004' });
    s.fake.commands.park(ch);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    s.fake.forget(ch.id);
    const first = await s.server.answer(ch.id).catch((e: unknown) => e);
    expect(isAppError(first, 'CHANNEL_GONE')).toBe(true);
    const sent = s.fake.commandsSeen.length;
    const second = await s.server.hold(ch.id).catch((e: unknown) => e);
    expect(isAppError(second, 'CHANNEL_GONE')).toBe(true);
    expect(s.fake.commandsSeen.length).toBe(sent);
    expect(s.log.ofType('channel.hangup').filter((e) => e.channelId === ch.id)).toEqual([
      { type: 'channel.hangup', channelId: ch.id, cause: 'lost', initiator: 'unknown' },
    ]);
  });

  it('given a supervisor steered with uuid_recv_dtmf then those APP digits are not reported as the supervisor pressing keys', async () => {
    const s = (setup = await startFakeSetup());
    const caller = s.fake.newInboundChannel({ from: '+15550008', to: '+15559990005' });
    s.fake.commands.park(caller);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === caller.id);
    const agent = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 10_000 });
    const sup = await s.server.originate({ endpoint: { kind: 'phone', name: 'supervisor1' }, timeoutMs: 10_000 });
    await s.log.waitFor('channel.answered', (e) => e.channelId === sup);
    const bridge = await s.server.createBridge('mixing');
    await s.server.addToBridge(bridge, caller.id);
    await s.server.addToBridge(bridge, agent);
    const session = await s.server.supervise({ targetChannelId: agent, supervisorChannelId: sup, mode: 'whisper' });
    await s.server.setSupervisionMode(session, 'barge');
    await s.settle();
    expect(s.fake.commandsSeen.filter((c) => c.startsWith(`api uuid_recv_dtmf ${sup}`))).toEqual([`api uuid_recv_dtmf ${sup} 2`, `api uuid_recv_dtmf ${sup} 3`]);
    expect(s.log.ofType('channel.dtmf').filter((e) => e.channelId === sup)).toEqual([]);
    expect(s.fake.channels.get(sup)?.eavesdrop).toEqual({ target: agent, mode: 'barge' });
  });

  it('given a third party joining a two-party bridge then the call moves into a conference', async () => {
    const s = (setup = await startFakeSetup());
    const caller = s.fake.newInboundChannel({ from: '+15550009', to: '+15559990006' });
    s.fake.commands.park(caller);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === caller.id);
    const a = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 10_000 });
    const b = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent2' }, timeoutMs: 10_000 });
    await s.log.waitFor('channel.answered', (e) => e.channelId === b);
    const bridge = await s.server.createBridge('mixing', 'three-way');
    for (const id of [caller.id, a, b]) await s.server.addToBridge(bridge, id);
    expect(s.fake.commandsSeen.filter((c) => c.startsWith('api uuid_bridge') || c.startsWith('api uuid_transfer'))).toEqual([
      `api uuid_bridge ${caller.id} ${a}`,
      `api uuid_transfer ${caller.id} -both conference:sb-three-way@default inline`,
      `api uuid_transfer ${b} conference:sb-three-way@default inline`,
    ]);
    for (const id of [caller.id, a, b]) expect(s.fake.channels.get(id)?.conference).toBe('sb-three-way');
  });

  it('given a voicemail recording with a silence limit when the caller stays silent then the record app ends it', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550010', to: '+15559990007' });
    s.fake.commands.park(ch);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    await s.server.answer(ch.id);
    const rec = await s.server.startRecording({ target: { channelId: ch.id }, name: 'vm-1', format: 'wav', maxSilenceMs: 3_000, maxDurationMs: 60_000 });
    expect(s.fake.commandsSeen).toContain(`sendmsg ${ch.id}`);
    const err = await s.server.pauseRecording(rec).catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_REJECTED')).toBe(true);
    await passTime(s, 3_000, 250);
    const finished = await s.log.waitFor('recording.finished', (e) => e.recordingId === rec);
    expect(finished.durationMs).toBe(3_000);
    expect(s.fake.recordingFiles.has('/var/lib/switchboard/recordings/vm-1.wav')).toBe(true);
  });
});

describe('FreeSwitchMediaServer: who hung up', () => {
  it('given an answered agent leg when the phone sends BYE then the hang-up says remote, taken from CHANNEL_HANGUP_COMPLETE', async () => {
    const s = (setup = await startFakeSetup());
    const id = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    await s.log.waitFor('channel.answered', (e) => e.channelId === id);
    s.fake.commands.hangup(s.fake.channels.get(id)!, 'NORMAL_CLEARING', 'recv_bye');
    const event = await s.log.waitFor('channel.hangup', (e) => e.channelId === id);
    expect(event).toMatchObject({ cause: 'normal', causeCode: 16, initiator: 'remote' });
  });

  it('given a caller FreeSWITCH itself hangs up (media timeout) then the hang-up is neither remote nor local', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550009', to: '+15559990009' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    s.fake.commands.hangup(ch, 'MEDIA_TIMEOUT', 'send_bye');
    const event = await s.log.waitFor('channel.hangup', (e) => e.channelId === ch.id);
    expect(event).toMatchObject({ cause: 'failed', initiator: 'unknown' });
  });
});

describe('FreeSwitchMediaServer: show channels lags behind the live calls', () => {
  it('given a call that arrived and was answered just now then the snapshot lists it up although show channels does not yet', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550010', to: '+15559990010' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    await s.server.answer(ch.id);
    await s.log.waitFor('channel.answered', (e) => e.channelId === ch.id);
    expect(s.fake.commands.api('show channels as json').toString()).toContain('"row_count": 0');
    const snap = await s.server.snapshot();
    expect(snap.channels).toEqual([expect.objectContaining({ id: ch.id, state: 'up', direction: 'inbound' })]);
  });

  it('given a call younger than the show-channels lag when the connection drops and returns then it is confirmed alive, not lost', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550011', to: '+15559990011' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    const mark = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, mark);
    await s.fake.restart([]);
    await passTime(s, 150, 50);
    const reconciled = await s.log.waitFor('connection.reconciled', () => true, mark);
    expect(s.clock.now() - ch.created).toBeLessThan(SHOW_CHANNELS_LAG_MS);
    expect(reconciled).toEqual({ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: [] });
    expect(s.log.ofType('channel.hangup')).toEqual([]);
    expect(s.fake.commandsSeen).toContain(`api uuid_dump ${ch.id} json`);
  });

  it('given an originate whose reply was lost with the link when the link returns before show channels lists the leg then the leg is announced as adopted', async () => {
    const s = (setup = await startFakeSetup());
    s.fake.behaviours.set('agent1', 'no_answer');
    s.fake.cutAfterCommand = (line) => line.startsWith('bgapi originate');
    const mark = s.log.mark();
    const err = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, channelId: 'leg-in-doubt', timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_UNAVAILABLE')).toBe(true);
    const leg = s.fake.channels.get('leg-in-doubt');
    expect(leg).toBeDefined();
    await s.log.waitFor('connection.down', () => true, mark);
    s.fake.cutAfterCommand = undefined;
    await s.fake.restart([]);
    await passTime(s, 150, 50);
    const reconciled = await s.log.waitFor('connection.reconciled', () => true, mark);
    expect(s.clock.now() - (leg?.created ?? 0)).toBeLessThan(SHOW_CHANNELS_LAG_MS);
    // Announced, so call handling (which was told the originate failed) hangs it up as nobody's.
    expect(reconciled).toEqual({ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: ['leg-in-doubt'] });
    await s.server.hangup('leg-in-doubt');
    await s.settle();
    expect(s.fake.channels.has('leg-in-doubt')).toBe(false);
  });

  it('given an originate whose reply was lost with the link and that FreeSWITCH never ran when the link returns then nothing is announced and it is not asked about again', async () => {
    const s = (setup = await startFakeSetup());
    s.fake.cutAfterCommand = (line) => line.startsWith('bgapi originate');
    const mark = s.log.mark();
    const err = await s.server.originate({ endpoint: { kind: 'phone', name: 'agent9' }, channelId: 'leg-never-ran', timeoutMs: 30_000 }).catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_UNAVAILABLE')).toBe(true);
    await s.log.waitFor('connection.down', () => true, mark);
    s.fake.cutAfterCommand = undefined;
    await s.fake.restart([]);
    await passTime(s, 150, 50);
    const reconciled = await s.log.waitFor('connection.reconciled', () => true, mark);
    expect(reconciled).toEqual({ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: [] });
    expect(s.fake.commandsSeen.filter((c) => c === 'api uuid_dump leg-never-ran json')).toHaveLength(1);
    const again = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, again);
    await s.fake.restart([]);
    await passTime(s, 150, 50);
    await s.log.waitFor('connection.reconciled', () => true, again);
    expect(s.fake.commandsSeen.filter((c) => c === 'api uuid_dump leg-never-ran json')).toHaveLength(1);
  });

  it('given a call answered while the connection was down when it returns then the answer is reported once', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550012', to: '+15559990012' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    const mark = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, mark);
    s.fake.commands.answer(ch);
    await s.fake.restart([]);
    await passTime(s, 150, 50);
    await s.log.waitFor('connection.reconciled', () => true, mark);
    expect(s.log.ofType('channel.answered')).toEqual([{ type: 'channel.answered', channelId: ch.id }]);
    expect((await s.server.snapshot()).channels[0]?.state).toBe('up');
  });
});

describe("FreeSwitchMediaServer: the daemon's announcements", () => {
  it('given the default queue and farewell announcements when played to a caller then every file opens and the caller hears callie prompts', async () => {
    const s = (setup = await startFakeSetup());
    const ch = s.fake.newInboundChannel({ from: '+15550013', to: '+15559990013' });
    await s.fake.connectOutbound(ch, s.server.outboundListenAddress()!);
    await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
    await s.server.answer(ch.id);
    const p = DEFAULT_CALLS_CONFIG.prompts;
    const media = [...p.positionIntro, { kind: 'number' as const, value: 3 }, ...p.positionOutro, ...p.waitIntro, ...p.waitOutro, ...p.closed, ...p.queueTimeout];
    const playback = await s.server.play(ch.id, media);
    await passTime(s, 20_000, 250);
    expect(await playback.done).toEqual({ reason: 'finished' });
    expect(s.fake.sounds.openErrors).toEqual([]);
    expect(ch.heardPrompts).toEqual([
      'sound:ivr/ivr-you_are_number', 'number:3', 'sound:ivr/ivr-in_line', 'sound:ivr/ivr-estimated_hold_time', 'sound:time/minutes',
      'sound:ivr/ivr-im_sorry', 'sound:ivr/ivr-please_try_again', 'sound:ivr/ivr-thank_you_for_calling', 'sound:voicemail/vm-goodbye',
    ]);
  });
});
