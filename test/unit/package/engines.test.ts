import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// semver ships without types; only these two functions are used.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
};

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest Node our engines field admits: the one every dependency must run on. */
const oldestNode = semver.minVersion(pkg.engines.node)?.version ?? '';

describe('dependencies and the Node version the project promises', () => {
  it('given package.json engines, when read, then it names a lowest Node version', () => {
    expect(oldestNode).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('given every package npm ci installs, when its engines.node is checked, then it admits the oldest Node of our engines field', () => {
    const excluding: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (where === '') continue;
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (range && !semver.satisfies(oldestNode, range)) excluding.push(`${where}@${entry.version ?? '?'} needs node ${range}`);
    }
    expect(excluding, `these exclude Node ${oldestNode}; pin an older version (package.json overrides) or raise engines and the README`).toEqual([]);
  });

  it('given the README set-up section, when read, then it names the same lowest Node version as engines', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const [major, minor] = oldestNode.split('.');
    expect(readme).toContain(`Node ${major}.${minor} or newer`);
  });
});
