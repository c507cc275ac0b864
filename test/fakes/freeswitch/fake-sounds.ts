/**
 * The sounds the fake FreeSWITCH has installed: a slice of the en/us/callie set a FreeSWITCH
 * package ships (file names from FreeSWITCH's phrase catalogue, docs/phrase/phrase_en.xml), laid
 * out as on disk (`<sound_prefix>/<folder>/8000/<file>.wav`), plus the test's own sounds.
 * `global_getvar sound_prefix` and `file_exists <path>` answer from it, and playing a relative
 * sound that is not installed fails the way FreeSWITCH does: no PLAYBACK_START, the application
 * completes at once, and the "Error Opening File" is remembered for tests to read.
 */
export const SOUND_PREFIX = '/usr/share/freeswitch/sounds/en/us/callie';

const CALLIE = [
  'ivr/ivr-you_are_number', 'ivr/ivr-in_line', 'ivr/ivr-estimated_hold_time', 'ivr/ivr-thank_you_for_holding',
  'ivr/ivr-thank_you_for_calling', 'ivr/ivr-im_sorry', 'ivr/ivr-please_try_again', 'ivr/ivr-hold_connect_call',
  'ivr/ivr-welcome_to_freeswitch', 'ivr/ivr-that_was_an_invalid_entry', 'ivr/ivr-one_moment_please',
  'time/minute', 'time/minutes', 'time/second', 'time/seconds', 'voicemail/vm-goodbye', 'voicemail/vm-hello',
  'voicemail/vm-record_message', 'conference/conf-alone', 'digits/0', 'digits/1', 'digits/2', 'digits/3', 'digits/4',
  'digits/5', 'digits/6', 'digits/7', 'digits/8', 'digits/9',
];

export class FakeSounds {
  /** Relative sound names (no extension) that are installed. */
  readonly installed: Set<string>;
  /** Paths FreeSWITCH failed to open while playing ("Error Opening File"). */
  readonly openErrors: string[] = [];

  constructor(ownSounds: Iterable<string>) {
    this.installed = new Set([...CALLIE, ...ownSounds]);
  }

  /** The sound disappears from disk (a trimmed sound package, a typo in a custom set). */
  uninstall(sound: string): void {
    this.installed.delete(sound);
  }

  /** `file_exists <path>`: only the on-disk layout of an installed sound answers true. */
  fileExists(path: string): boolean {
    const match = /^(.*)\/(\d+)\/([^/]+)\.wav$/.exec(path);
    if (!match || !match[1]!.startsWith(`${SOUND_PREFIX}/`) || match[2] !== '8000') return false;
    return this.installed.has(`${match[1]!.slice(SOUND_PREFIX.length + 1)}/${match[3]}`);
  }

  /** Whether `playback <arg>` finds its file; a relative name resolves under the sound prefix. */
  playable(arg: string): boolean {
    if (arg.includes('://') || arg.startsWith('/')) return true;
    const name = arg.replace(/\.wav$/, '');
    if (this.installed.has(name)) return true;
    this.openErrors.push(`${SOUND_PREFIX}/${arg}`);
    return false;
  }
}
