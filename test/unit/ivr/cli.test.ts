import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runIvrCheck } from '../../../src/ivr/cli.js';

const examplesDir = fileURLToPath(new URL('../../../ivr-flows', import.meta.url));

function capture() {
  const lines: string[] = [];
  return { lines, out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
}

describe('switchboard ivr check', () => {
  it('given the example flows when checked then every one is ok and the exit code is 0', async () => {
    const c = capture();
    const known = { queueExists: async (q: string) => ['sales', 'support', 'billing', 'vip'].includes(q), calendarExists: async (n: string) => n === 'office-hours' };
    expect(await runIvrCheck([], { flowsDir: examplesDir, references: known, ...c })).toBe(0);
    expect(c.lines.filter((l) => l.endsWith(': ok'))).toHaveLength(5);
  });

  it('given the flows folder named as an argument when checked then every flow in it is checked and the exit code is 0', async () => {
    const c = capture();
    const known = { queueExists: async (q: string) => ['sales', 'support', 'billing', 'vip'].includes(q), calendarExists: async (n: string) => n === 'office-hours' };
    expect(await runIvrCheck([examplesDir], { references: known, ...c })).toBe(0);
    expect(c.lines.filter((l) => l.endsWith(': ok'))).toHaveLength(5);
  });

  it('given a folder without flow files when checked then the exit code is 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-cli-empty-'));
    const c = capture();
    expect(await runIvrCheck([dir], c)).toBe(2);
    expect(c.lines).toContain(`ERR no flow files (*.yaml) in ${dir}`);
  });

  it('given a broken file when checked then each problem is printed as file:line:col: reason and the exit code is 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-cli-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'start: a\nnodes:\n  a:\n    type: play\n    prompt: hi\n    next: b\n');
    const c = capture();
    expect(await runIvrCheck([file], c)).toBe(1);
    expect(c.lines).toContain(`${file}:6:11: node "a" goes to "b" (next), which is not a node of this flow`);
    expect(c.lines).toContain('note: queue and calendar names are not checked (no configuration store given)');
  });

  it('given unknown queue names when checked with the configuration then they are reported', async () => {
    const c = capture();
    const none = { queueExists: async () => false, calendarExists: async () => true };
    expect(await runIvrCheck([join(examplesDir, 'survey.yaml'), join(examplesDir, 'order-status.yaml')], { references: none, ...c })).toBe(1);
    expect(c.lines).toContain(`${join(examplesDir, 'survey.yaml')}: ok`);
    expect(c.lines.filter((l) => l.includes('is not configured'))).toHaveLength(3);
  });

  it('given two files claiming one dialed number and a post_call_survey naming no flow when checked then the later file and the survey are reported where written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-cli-'));
    const flow = (extra: string) => `numbers: ["+4930100"]\nstart: s\nnodes:\n  s:\n    type: set\n    set: { ${extra} }\n    next: bye\n  bye:\n    type: hangup\n`;
    writeFileSync(join(dir, 'alpha.yaml'), flow('x: "1"'));
    writeFileSync(join(dir, 'beta.yaml'), flow('post_call_survey: nosuch'));
    const c = capture();
    expect(await runIvrCheck([], { flowsDir: dir, ...c })).toBe(1);
    expect(c.lines).toContain(`${join(dir, 'alpha.yaml')}: ok`);
    expect(c.lines).toContain(`${join(dir, 'beta.yaml')}:1:11: number "+4930100" is already answered by flow "alpha": a number belongs to one flow`);
    expect(c.lines).toContain(`${join(dir, 'beta.yaml')}:4:3: post_call_survey names flow "nosuch", which has no file nosuch.yaml`);
  });

  it('given a wrong option or a file that is not YAML when run then the exit code is 2', async () => {
    expect(await runIvrCheck(['--frobnicate'], capture())).toBe(2);
    expect(await runIvrCheck(['flow.txt'], capture())).toBe(2);
  });
});
