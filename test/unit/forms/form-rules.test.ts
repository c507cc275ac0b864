/** The answer and definition rules of forms and surveys in chat (src/forms/form-rules.ts), as tables. */
import { describe, expect, it } from 'vitest';
import { answerText, checkAnswers, definitionProblems, type Answers, type FormDefinition, type FormField } from '../../../src/forms/form-rules.js';

const L = (en: string, zh: string) => ({ en, zh });
const field = (f: Partial<FormField> & Pick<FormField, 'name' | 'kind'>): FormField => ({ label: L(f.name, f.name), required: false, ...f });
const form = (...fields: FormField[]): FormDefinition => ({ kind: 'form', title: L('Form', '表单'), fields });

describe('checkAnswers', () => {
  const cases: { name: string; f: FormField; value: Answers[string] | undefined; code?: string; reason?: RegExp; stored?: Answers[string] }[] = [
    { name: 'required text missing', f: field({ name: 'a', kind: 'text', required: true }), value: undefined, code: 'FORM_FIELD_REQUIRED' },
    { name: 'required text blank', f: field({ name: 'a', kind: 'text', required: true }), value: '   ', code: 'FORM_FIELD_REQUIRED' },
    { name: 'optional text blank is left out', f: field({ name: 'a', kind: 'text' }), value: ' ', stored: undefined },
    { name: 'text trimmed', f: field({ name: 'a', kind: 'text' }), value: '  张三 ', stored: '张三' },
    { name: 'text too long', f: field({ name: 'a', kind: 'text', maxLength: 3 }), value: 'abcd', code: 'FORM_FIELD_INVALID', reason: /at most 3/ },
    { name: 'text too short', f: field({ name: 'a', kind: 'text', minLength: 2 }), value: 'a', code: 'FORM_FIELD_INVALID', reason: /at least 2/ },
    { name: 'text given a number', f: field({ name: 'a', kind: 'text' }), value: 5, code: 'FORM_FIELD_INVALID', reason: /not text/ },
    { name: 'number given text', f: field({ name: 'n', kind: 'number' }), value: '5', code: 'FORM_FIELD_INVALID', reason: /not a number/ },
    { name: 'number below min', f: field({ name: 'n', kind: 'number', min: 1 }), value: 0, code: 'FORM_FIELD_INVALID', reason: /below 1/ },
    { name: 'number above max', f: field({ name: 'n', kind: 'number', max: 9 }), value: 10, code: 'FORM_FIELD_INVALID', reason: /above 9/ },
    { name: 'number decimal ok', f: field({ name: 'n', kind: 'number', min: 0, max: 1 }), value: 0.5, stored: 0.5 },
    { name: 'scale decimal', f: field({ name: 's', kind: 'scale', min: 1, max: 5 }), value: 2.5, code: 'FORM_FIELD_INVALID', reason: /whole/ },
    { name: 'scale zero on 0-10', f: field({ name: 's', kind: 'scale', min: 0, max: 10 }), value: 0, stored: 0 },
    { name: 'scale 6 on 1-5', f: field({ name: 's', kind: 'scale', min: 1, max: 5 }), value: 6, code: 'FORM_FIELD_INVALID' },
    { name: 'date ok', f: field({ name: 'd', kind: 'date' }), value: '2024-02-29', stored: '2024-02-29' },
    { name: 'date not in the calendar', f: field({ name: 'd', kind: 'date' }), value: '2023-02-29', code: 'FORM_FIELD_INVALID', reason: /date/ },
    { name: 'date other notation', f: field({ name: 'd', kind: 'date' }), value: '01/02/2024', code: 'FORM_FIELD_INVALID' },
    { name: 'email ok', f: field({ name: 'e', kind: 'email' }), value: 'li@example.cn', stored: 'li@example.cn' },
    { name: 'email typo', f: field({ name: 'e', kind: 'email' }), value: 'li@example', code: 'FORM_FIELD_INVALID', reason: /email/ },
    { name: 'phone ok', f: field({ name: 'p', kind: 'phone' }), value: '+86 (138) 0013-8000', stored: '+86 (138) 0013-8000' },
    { name: 'phone too short', f: field({ name: 'p', kind: 'phone' }), value: '12345', code: 'FORM_FIELD_INVALID', reason: /phone/ },
    { name: 'phone letters', f: field({ name: 'p', kind: 'phone' }), value: '138 abc 8000', code: 'FORM_FIELD_INVALID' },
    { name: 'choice ok', f: field({ name: 'c', kind: 'choice', options: [{ value: 'x', label: L('X', '甲') }, { value: 'y', label: L('Y', '乙') }] }), value: 'y', stored: 'y' },
    { name: 'choice not an option', f: field({ name: 'c', kind: 'choice', options: [{ value: 'x', label: L('X', '甲') }, { value: 'y', label: L('Y', '乙') }] }), value: 'z', code: 'FORM_FIELD_INVALID', reason: /options/ },
  ];
  it.each(cases)('given $name then the answer is judged as expected', ({ f, value, code, reason, stored }) => {
    const { problems, values } = checkAnswers(form(f), value === undefined ? {} : { [f.name]: value });
    if (code) {
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code, field: f.name, where: `/answers/${f.name}` });
      if (reason) expect(problems[0]?.reason).toMatch(reason);
    } else {
      expect(problems).toEqual([]);
      expect(values[f.name]).toEqual(stored);
    }
  });

  it('given a field the form does not have then FORM_FIELD_UNKNOWN names it, and every problem is listed', () => {
    const { problems } = checkAnswers(form(field({ name: 'a', kind: 'text', required: true })), { b: 'x' });
    expect(problems.map((p) => [p.code, p.where])).toEqual([
      ['FORM_FIELD_UNKNOWN', '/answers/b'],
      ['FORM_FIELD_REQUIRED', '/answers/a'],
    ]);
  });
});

describe('definitionProblems', () => {
  const cases: { name: string; def: FormDefinition; where?: string }[] = [
    { name: 'a good form', def: form(field({ name: 'a', kind: 'text' })) },
    { name: 'no fields', def: form(), where: '/fields' },
    { name: 'a missing Chinese title', def: { ...form(field({ name: 'a', kind: 'text' })), title: L('T', ' ') }, where: '/title' },
    { name: 'a bad field name', def: form(field({ name: 'A b', kind: 'text' })), where: '/fields/0/name' },
    { name: 'two fields of one name', def: form(field({ name: 'a', kind: 'text' }), field({ name: 'a', kind: 'email' })), where: '/fields/1/name' },
    { name: 'a scale in a form', def: form(field({ name: 's', kind: 'scale', min: 1, max: 5 })), where: '/fields/0/kind' },
    { name: 'a survey scale without ends', def: { kind: 'survey', title: L('S', '评'), fields: [field({ name: 's', kind: 'scale' })] }, where: '/fields/0/min' },
    { name: 'a scale of 0-20', def: { kind: 'survey', title: L('S', '评'), fields: [field({ name: 's', kind: 'scale', min: 0, max: 20 })] }, where: '/fields/0/max' },
    { name: 'a choice with one option', def: form(field({ name: 'c', kind: 'choice', options: [{ value: 'x', label: L('X', '甲') }] })), where: '/fields/0/options' },
    { name: 'a min above max', def: form(field({ name: 'n', kind: 'number', min: 5, max: 1 })), where: '/fields/0/max' },
    { name: 'a missing field label', def: form({ ...field({ name: 'a', kind: 'text' }), label: L('', '甲') }), where: '/fields/0/label' },
  ];
  it.each(cases)('given $name then the problem is named where it is', ({ def, where }) => {
    const problems = definitionProblems(def);
    if (where === undefined) expect(problems).toEqual([]);
    else expect(problems[0]?.where).toBe(where);
  });
});

describe('answerText', () => {
  it('given a choice then its label in the reader’s language; a scale shows its end', () => {
    const c = field({ name: 'c', kind: 'choice', options: [{ value: 'r', label: L('Repair', '维修') }, { value: 'x', label: L('X', '甲') }] });
    expect(answerText(c, 'r', 'zh-CN')).toBe('维修');
    expect(answerText(c, 'r', 'en')).toBe('Repair');
    expect(answerText(field({ name: 's', kind: 'scale', min: 0, max: 10 }), 7, 'en')).toBe('7 / 10');
  });
});
