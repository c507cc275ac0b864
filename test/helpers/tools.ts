/**
 * Tests that need machine tools (espeak-ng, sox, pocketsphinx and its model, chromium, sipp) run
 * only where the tools exist, and say why when they do not. CI installs the tools and sets
 * SWITCHBOARD_REQUIRE_TOOLS=1: there a missing tool fails the test file instead of skipping it,
 * so a broken install cannot pass as a green run.
 *
 *   describe.runIf(haveTools('speech', ['espeak-ng', 'sox', 'pocketsphinx_continuous']))('...', () => { ... });
 *
 * Keep hooks (beforeAll/afterAll) inside that describe so nothing runs when it is skipped.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Debian's en-us acoustic model for pocketsphinx (a folder, checked like a tool). */
export const POCKETSPHINX_MODEL = '/usr/share/pocketsphinx/model/en-us/en-us';

/** The tools the speech tests need: synthesis, conversion, recognition and its model. */
export const SPEECH_TOOLS: readonly string[] = ['espeak-ng', 'sox', 'pocketsphinx_continuous', POCKETSPHINX_MODEL];

/** Absolute paths must exist; bare names must be an executable on PATH. */
export function missingTools(tools: readonly string[], path = process.env.PATH ?? ''): string[] {
  const dirs = path.split(delimiter).filter((d) => d !== '');
  const exists = (file: string, mode: number): boolean => {
    try {
      accessSync(file, mode);
      return true;
    } catch {
      return false;
    }
  };
  return tools.filter((tool) => (isAbsolute(tool) ? !exists(tool, constants.R_OK) : !dirs.some((d) => exists(join(d, tool), constants.X_OK))));
}

export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SWITCHBOARD_REQUIRE_TOOLS === '1';
}

/**
 * True when every tool is there. Otherwise: throws when tools are required (the file fails),
 * else prints which are missing and returns false (for `describe.runIf`).
 */
export function haveTools(suite: string, tools: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const missing = missingTools(tools, env.PATH ?? '');
  if (missing.length === 0) return true;
  const reason = `${suite}: missing ${missing.join(', ')}`;
  if (toolsRequired(env)) throw new Error(`${reason} (SWITCHBOARD_REQUIRE_TOOLS=1: these tests must run here)`);
  console.info(`[${suite}] skipped: ${missing.join(', ')} not installed (set SWITCHBOARD_REQUIRE_TOOLS=1 to make this an error)`);
  return false;
}
