/**
 * The start-up check of the daemon's prompts: whenever the media server (re)connects, ask it which
 * prompt sounds it lacks and say so loudly, so a missing sound is found when the daemon starts,
 * not when the first caller hears silence.
 */
import type { Logger } from '../../core/log.js';
import type { MediaServer } from '../port.js';

/** Checks on every `connection.up`; returns the unsubscribe function. */
export function watchPromptSounds(pbx: MediaServer, logger: Logger): () => void {
  return pbx.onEvent((event) => {
    if (event.type !== 'connection.up') return;
    void checkPromptSounds(pbx, logger); // never rejects: it logs its own failure
  });
}

export async function checkPromptSounds(pbx: MediaServer, logger: Logger): Promise<void> {
  try {
    const missing = await pbx.checkPrompts();
    if (missing.length === 0) {
      logger.info({ pbx: pbx.kind }, 'every daemon prompt has its sound on the media server');
      return;
    }
    logger.error(
      { pbx: pbx.kind, missing },
      `the media server lacks the sounds of ${missing.length} daemon prompt(s); callers will hear silence there: ${missing.map((m) => `${m.prompt} (${m.sound})`).join(', ')}`,
    );
  } catch (err) {
    logger.warn({ err, pbx: pbx.kind }, 'could not check the daemon prompts on the media server; it is checked again on the next connect');
  }
}
