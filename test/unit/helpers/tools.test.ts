import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { haveTools, missingTools } from '../../helpers/tools.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('test tools check', () => {
  it('given a PATH and absolute paths when tools are looked up then only the absent ones are missing', () => {
    expect(missingTools(['node', '/no/such/model', 'no-such-tool-xyz', process.execPath], `/nonexistent:${dirname(process.execPath)}`)).toEqual([
      '/no/such/model',
      'no-such-tool-xyz',
    ]);
  });

  it('given a missing tool when tools are not required then the suite is skipped with the reason printed', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    expect(haveTools('speech', ['no-such-tool-xyz'], { PATH: '/nonexistent' })).toBe(false);
    expect(info).toHaveBeenCalledWith(expect.stringContaining('no-such-tool-xyz not installed'));
  });

  it('given a missing tool when SWITCHBOARD_REQUIRE_TOOLS=1 then it fails instead of skipping', () => {
    expect(() => haveTools('speech', ['no-such-tool-xyz'], { PATH: '/nonexistent', SWITCHBOARD_REQUIRE_TOOLS: '1' })).toThrow(/missing no-such-tool-xyz/);
  });

  it('given every tool when checked then the suite runs, required or not', () => {
    const dir = dirname(process.execPath);
    expect(haveTools('node', ['node'], { PATH: dir, SWITCHBOARD_REQUIRE_TOOLS: '1' })).toBe(true);
  });
});
