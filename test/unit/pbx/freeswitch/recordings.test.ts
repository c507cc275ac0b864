import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSetup, type FakeSetup } from '../../../fakes/freeswitch/fake-harness.js';

let setup: FakeSetup | undefined;
afterEach(async () => {
  const s = setup;
  setup = undefined;
  s?.log.stop();
  await s?.server.close();
  await s?.fake.close();
});

async function answeredCaller(s: FakeSetup, to: string): Promise<string> {
  const ch = s.fake.newInboundChannel({ from: '+15550010', to });
  s.fake.commands.park(ch);
  await s.log.waitFor('channel.inbound', (e) => e.channel.id === ch.id);
  await s.server.answer(ch.id);
  return ch.id;
}

/** The commands sent from the first one that starts with `from`. */
function commandsFrom(s: FakeSetup, from: string): string[] {
  const i = s.fake.commandsSeen.findIndex((c) => c.startsWith(from));
  return i < 0 ? [] : s.fake.commandsSeen.slice(i);
}

describe('FreeSWITCH recordings: sample rate', () => {
  it('given a 16 kHz recording when it starts then record_sample_rate is set to 16000 on the channel before uuid_record', async () => {
    const s = (setup = await startFakeSetup());
    const id = await answeredCaller(s, '+15559990001');
    await s.server.startRecording({ target: { channelId: id }, name: 'wide-1', format: 'wav', sampleRate: 16000 });
    const sent = commandsFrom(s, `api uuid_setvar ${id} record_sample_rate`);
    expect(sent[0]).toBe(`api uuid_setvar ${id} record_sample_rate 16000`);
    expect(sent.find((c) => c.startsWith(`api uuid_record ${id} start`))).toBeDefined();
    expect(s.fake.channels.get(id)?.vars.get('record_sample_rate')).toBe('16000');
  });

  it('given a voicemail-style recording (record app) at 16 kHz when it starts then the rate is set before the app runs', async () => {
    const s = (setup = await startFakeSetup());
    const id = await answeredCaller(s, '+15559990002');
    await s.server.startRecording({ target: { channelId: id }, name: 'menu-1', format: 'wav', sampleRate: 16000, maxSilenceMs: 1_500, maxDurationMs: 8_000 });
    const sent = commandsFrom(s, `api uuid_setvar ${id} record_sample_rate`);
    expect(sent[0]).toBe(`api uuid_setvar ${id} record_sample_rate 16000`);
    expect(sent.slice(1)).toContain(`sendmsg ${id}`);
  });

  it('given a channel that recorded at 16 kHz when a recording without a rate starts then the rate goes back to 8000', async () => {
    const s = (setup = await startFakeSetup());
    const id = await answeredCaller(s, '+15559990003');
    const first = await s.server.startRecording({ target: { channelId: id }, name: 'wide-2', format: 'wav', sampleRate: 16000 });
    await s.server.stopRecording(first);
    await s.server.startRecording({ target: { channelId: id }, name: 'narrow-2', format: 'wav' });
    expect(s.fake.commandsSeen.filter((c) => c.startsWith(`api uuid_setvar ${id} record_sample_rate`))).toEqual([
      `api uuid_setvar ${id} record_sample_rate 16000`,
      `api uuid_setvar ${id} record_sample_rate 8000`,
    ]);
  });
});
