import { afterEach, describe, expect, it } from 'vitest';
import { IVR_PROBLEM_TEMPLATES, PLACEHOLDER, problemAt, whereText, type IvrProblemCode } from '../../../src/ivr/problem-codes.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';
import { en } from '../../../src/web/i18n/en.js';
import { locale } from '../../../src/web/i18n/i18n.js';
import { zhCN } from '../../../src/web/i18n/zh-CN.js';
import { problemText, whereText as pageWhereText } from '../../../src/web/ivr/flow-problems.js';

const CODES = Object.keys(IVR_PROBLEM_TEMPLATES) as IvrProblemCode[];
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();
const catalogue = (c: Record<string, string>, code: string) => c[`ivr.problem.${code}`];

afterEach(() => {
  locale.value = 'en';
});

describe('IVR problem codes and the pages catalogues', () => {
  it('given every code the daemon can report when the catalogues are read then each has an English text equal to the daemons and a Chinese one with the same placeholders', () => {
    const problems: string[] = [];
    for (const code of CODES) {
      const server = IVR_PROBLEM_TEMPLATES[code];
      const enText = catalogue(en, code);
      const zhText = catalogue(zhCN, code);
      if (enText !== server) problems.push(`${code}: en.ts differs from the daemon`);
      if (zhText === undefined) problems.push(`${code}: no Chinese text`);
      else if (placeholders(zhText).join() !== placeholders(server).join()) problems.push(`${code}: ${placeholders(server).join()} vs zh ${placeholders(zhText).join()}`);
      if (zhText !== undefined && !/[\u4e00-\u9fff]/.test(zhText)) problems.push(`${code}: Chinese text has no Chinese`);
    }
    expect(problems).toEqual([]);
  });

  it('given the catalogues when their problem keys are listed then none names a code the daemon does not have', () => {
    const stale = Object.keys(en).filter((k) => k.startsWith('ivr.problem.') && !CODES.includes(k.slice('ivr.problem.'.length) as IvrProblemCode));
    expect(stale).toEqual([]);
  });

  it('given every kind of place when worded in English by the page then it reads as the daemon words it', () => {
    locale.value = 'en';
    for (const path of ['flow', 'node:menu', 'node:menu/field:choices', 'node:menu/prompt', 'node:route/rule/if', 'node:route/rule/time', 'node:ask/choice']) {
      expect(pageWhereText(path), path).toBe(whereText(path));
    }
  });
});

describe('a problem on the flows page', () => {
  it('given a problem with a place when shown in Chinese then its sentence and its place are in Chinese, with its values', async () => {
    const source = 'start: menu\nnodes:\n  menu:\n    type: menu\n    prompt: Hi\n    choices: { "1": gone }\n    timeout: soon\n';
    const { problems } = await validateFlowSource(source, 'main.yaml', 'main', { references: { queueExists: async () => true, calendarExists: async () => true }, fileExists: async () => true, flowExists: () => true });
    const byCode = new Map(problems.map((p) => [p.code, p]));
    expect([...byCode.keys()]).toEqual(expect.arrayContaining(['IVR_NOT_A_DURATION', 'IVR_UNKNOWN_TARGET']));
    expect(byCode.get('IVR_NOT_A_DURATION')?.reason).toBe('"timeout" of node "menu" must be a duration such as 5s, 500ms or 2m');

    locale.value = 'zh-CN';
    expect(problemText(byCode.get('IVR_NOT_A_DURATION')!)).toBe('节点“menu”的“timeout”必须是时长，例如 5s、500ms 或 2m');
    expect(problemText(byCode.get('IVR_UNKNOWN_TARGET')!)).toBe('节点“menu”指向“gone”（1），但它不是此流程中的节点');
    locale.value = 'en';
    expect(problemText(byCode.get('IVR_NOT_A_DURATION')!)).toBe(byCode.get('IVR_NOT_A_DURATION')!.reason);
  });

  it('given a code or a place the page does not know (a newer daemon) when shown then the daemons English reason is shown', () => {
    locale.value = 'zh-CN';
    expect(problemText({ code: 'IVR_SOMETHING_NEW', params: {}, reason: 'something new is wrong' })).toBe('something new is wrong');
    const odd = problemAt('f.yaml', { line: 1, col: 1 }, 'IVR_NEEDS_PROMPT', { where: 'node:menu/branch' });
    expect(problemText(odd)).toBe(odd.reason);
    expect(problemText({ reason: 'from an older daemon' })).toBe('from an older daemon');
  });
});
