import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../../src/core/log.js';
import { checkPromptSounds, watchPromptSounds } from '../../../../src/pbx/shared/prompt-check.js';
import { startFakeSetup, type FakeSetup } from '../../../fakes/freeswitch/fake-harness.js';
import { SOUND_PREFIX } from '../../../fakes/freeswitch/fake-sounds.js';

let setup: FakeSetup | undefined;
afterEach(async () => {
  const s = setup;
  setup = undefined;
  s?.log.stop();
  await s?.server.close();
  await s?.fake.close();
});

function capture(): { logger: Logger; lines: { level: string; obj: Record<string, unknown>; msg: string }[] } {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return { logger, lines };
}

describe('start-up check of the daemon prompts', () => {
  it('given FreeSWITCH with its callie sounds when checked then it logs that every prompt has its sound', async () => {
    const s = (setup = await startFakeSetup());
    const { logger, lines } = capture();
    await checkPromptSounds(s.server, logger);
    expect(lines.map((l) => l.level)).toEqual(['info']);
  });

  it('given a prompt file missing on FreeSWITCH when the connection comes up then an error names the prompt and the file', async () => {
    const s = (setup = await startFakeSetup());
    const { logger, lines } = capture();
    const stop = watchPromptSounds(s.server, logger);
    s.fake.sounds.uninstall('time/minutes');
    const mark = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, mark);
    await s.fake.restart([]);
    for (let i = 0; i < 20 && !lines.some((l) => l.level === 'error'); i++) {
      await s.settle();
      await s.clock.advanceAsync(50);
    }
    await s.settle();
    stop();
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.obj.missing).toEqual([{ prompt: 'queue_wait_outro', sound: `${SOUND_PREFIX}/time/8000/minutes.wav` }]);
    expect(errors[0]!.msg).toContain('queue_wait_outro');
  });

  it('given the media server is down when checked then it warns instead of throwing', async () => {
    const s = (setup = await startFakeSetup());
    const { logger, lines } = capture();
    const mark = s.log.mark();
    await s.fake.stop();
    await s.log.waitFor('connection.down', () => true, mark);
    await checkPromptSounds(s.server, logger);
    expect(lines.map((l) => l.level)).toEqual(['warn']);
  });
});
