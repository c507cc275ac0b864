/**
 * The daemon's prompts on FreeSWITCH: the files of the en/us/callie sound set FreeSWITCH ships
 * (names from its phrase catalogue, docs/phrase/phrase_en.xml), and the start-up check that they
 * are installed. Asterisk's names (queue-thereare ...) do not exist here: playing them only
 * logs "Error Opening File" and the caller hears nothing.
 *
 * Why the check builds a full path: `file_exists` (mod_commands) tests a path as given, while
 * playback of `ivr/ivr-in_line.wav` looks in `$${sound_prefix}/ivr/<rate>/`; telephony channels
 * (PCMU/PCMA) play the 8000 Hz folder.
 */
import type { MissingPrompt, PromptName } from '../port.js';

export const FREESWITCH_PROMPTS: Record<PromptName, readonly string[]> = {
  queue_position_intro: ['ivr/ivr-you_are_number'], // "You are number..."
  queue_position_outro: ['ivr/ivr-in_line'], // "...in line"
  queue_wait_intro: ['ivr/ivr-estimated_hold_time'], // "Your estimated hold time is..."
  queue_wait_outro: ['time/minutes'], // "Minutes"
  closed: ['ivr/ivr-im_sorry', 'ivr/ivr-please_try_again'], // "I'm sorry." "Please try again."
  goodbye: ['ivr/ivr-thank_you_for_calling', 'voicemail/vm-goodbye'], // "Thank you for calling." "Goodbye."
};

/** `ivr/ivr-in_line` → `<prefix>/ivr/8000/ivr-in_line.wav`. */
export function installedPath(prefix: string, sound: string): string {
  const slash = sound.lastIndexOf('/');
  return `${prefix.replace(/\/+$/, '')}/${sound.slice(0, slash)}/8000/${sound.slice(slash + 1)}.wav`;
}

/** Asks FreeSWITCH for its sound_prefix, then `file_exists` for every prompt file. */
export async function missingPrompts(api: (command: string) => Promise<string>): Promise<MissingPrompt[]> {
  const prefix = (await api('global_getvar sound_prefix')).trim();
  const missing: MissingPrompt[] = [];
  for (const [prompt, sounds] of Object.entries(FREESWITCH_PROMPTS) as [PromptName, readonly string[]][]) {
    for (const sound of sounds) {
      const path = prefix.startsWith('/') ? installedPath(prefix, sound) : '';
      const present = path !== '' && (await api(`file_exists ${path}`)).trim() === 'true';
      if (!present) missing.push({ prompt, sound: path || `${sound}.wav (sound_prefix is not set)` });
    }
  }
  return missing;
}
