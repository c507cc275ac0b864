import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/log.js';
import { AsteriskMediaServer } from '../../../../src/pbx/asterisk/adapter.js';
import { recordFormat } from '../../../../src/pbx/asterisk/recording-ops.js';
import { EventLog } from '../../../contract/harness.js';
import { FakeAsterisk } from '../../../fakes/asterisk/fake-asterisk.js';

const ioTurn = () => new Promise<void>((r) => setImmediate(r));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function answeredCall(): Promise<{ fake: FakeAsterisk; server: AsteriskMediaServer; log: EventLog; clock: FakeClock; caller: string }> {
  const clock = new FakeClock();
  const fake = new FakeAsterisk({ clock });
  await fake.start();
  const server = new AsteriskMediaServer({
    ari: { url: fake.ariUrl, username: 'switchboard', password: 'test-ari-password' },
    clock,
    logger: silentLogger,
    backoff: { initialMs: 100, maxMs: 1_000, random: () => 0 },
  });
  const log = new EventLog(server);
  cleanups.push(async () => {
    log.stop();
    await server.close();
    await fake.close();
  });
  await server.connect();
  await log.waitFor('connection.reconciled');
  const caller = fake.placeInbound({ from: '+15550001', to: '+15559990000' });
  await log.waitFor('channel.inbound', (e) => e.channel.id === caller);
  await server.answer(caller);
  return { fake, server, log, clock, caller };
}

describe('Asterisk recordings: sample rate', () => {
  it('given the options when the ARI format is chosen then 16 kHz is wav16 and anything else wav', () => {
    expect(recordFormat({ format: 'wav', sampleRate: 16000 })).toBe('wav16');
    expect(recordFormat({ format: 'wav', sampleRate: 8000 })).toBe('wav');
    expect(recordFormat({ format: 'wav' })).toBe('wav');
  });

  it('given a 16 kHz channel recording when it starts then Asterisk is asked for format=wav16 and stores <name>.wav16 at 16 kHz', async () => {
    const s = await answeredCall();
    const rec = await s.server.startRecording({ target: { channelId: s.caller }, name: 'speech-1', format: 'wav', sampleRate: 16000, maxSilenceMs: 2_000 });
    expect(s.fake.world.recordings.get('speech-1')?.format).toBe('wav16');
    for (let i = 0; i < 5; i++) await ioTurn();
    const started = s.fake.sent.find((e) => e.type === 'RecordingStarted') as { recording?: { format?: string } } | undefined;
    expect(started?.recording?.format).toBe('wav16');
    await s.clock.advanceAsync(1_000);
    await s.server.stopRecording(rec);
    await s.log.waitFor('recording.finished', (e) => e.recordingId === rec);
    const file = s.fake.world.files.get('speech-1.wav16');
    expect(file?.readUInt32LE(24)).toBe(16000);
    expect(s.fake.world.files.has('speech-1.wav')).toBe(false);
  });

  it('given no sample rate when a channel is recorded then Asterisk is asked for plain wav', async () => {
    const s = await answeredCall();
    await s.server.startRecording({ target: { channelId: s.caller }, name: 'call-1', format: 'wav' });
    expect(s.fake.world.recordings.get('call-1')?.format).toBe('wav');
  });
});
