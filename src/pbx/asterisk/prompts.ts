/**
 * The daemon's prompts on Asterisk: sounds of the core sound set every Asterisk 22 install has
 * (the names app_queue itself announces with), and the start-up check that each is installed:
 * GET /ari/sounds/{id} answers 404 for a sound Asterisk does not have.
 */
import { isAppError } from '../../core/errors.js';
import type { MissingPrompt, PromptName } from '../port.js';
import type { AriHttpClient } from './ari-http.js';

export const ASTERISK_PROMPTS: Record<PromptName, readonly string[]> = {
  queue_position_intro: ['queue-thereare'], // "There are"
  queue_position_outro: ['queue-callswaiting'], // "calls waiting"
  queue_wait_intro: ['queue-holdtime'], // "The estimated hold time is"
  queue_wait_outro: ['queue-minutes'], // "minutes"
  closed: ['ss-noservice'],
  goodbye: ['vm-goodbye'],
};

export async function missingPrompts(http: AriHttpClient): Promise<MissingPrompt[]> {
  const missing: MissingPrompt[] = [];
  for (const [prompt, sounds] of Object.entries(ASTERISK_PROMPTS) as [PromptName, readonly string[]][]) {
    for (const sound of sounds) {
      try {
        await http.get(`/sounds/${encodeURIComponent(sound)}`);
      } catch (err) {
        const status = isAppError(err, 'PBX_REJECTED') ? (err.details as { status?: number } | undefined)?.status : undefined;
        if (status !== 404) throw err;
        missing.push({ prompt, sound });
      }
    }
  }
  return missing;
}
