/** The profile built from what is known (src/web/customers/profile-suggestions.ts): chat form answers offered for empty profile fields. */
import { describe, expect, it } from 'vitest';
import type { ChatFormView } from '../../../src/web/api/forms.js';
import type { ProfileForm } from '../../../src/web/customers/profile-form.js';
import { profileSuggestions } from '../../../src/web/customers/profile-suggestions.js';

const empty: ProfileForm = { name: 'Wang Fang', company: '', level: 'standard', tags: '', phones: '', emails: '', chatVisitors: '', messaging: '', notes: '', age: '', gender: '', preferences: '', needs: '', custom: {} };
const label = (en: string, zh: string) => ({ en, zh });

function answered(at: number, fields: { name: string; label: { en: string; zh: string }; kind?: string; options?: { value: string; label: { en: string; zh: string } }[] }[], answers: Record<string, string | number>): ChatFormView {
  return {
    requestId: `r${at}`,
    chatId: `c${at}`,
    formId: 'f1',
    version: 1,
    name: 'Pre-chat',
    prechat: true,
    ticketId: null,
    sentAt: at - 1000,
    definition: { kind: 'form', title: label('Before we start', '开始之前'), fields: fields.map((f) => ({ kind: 'text', required: false, ...f })) },
    answer: { answers, at },
  } as ChatFormView;
}

describe('profile suggestions from chat forms', () => {
  it('given a form whose fields are named by their Chinese labels when the profile is empty then company, gender (its option label) and needs are offered, each once, from the newest answer', () => {
    const older = answered(1_000, [{ name: 'q1', label: label('Employer', '单位') }], { q1: 'Old Co' });
    const newer = answered(2_000, [
      { name: 'q1', label: label('Company', '公司') },
      { name: 'q2', label: label('Sex', '性别'), kind: 'choice', options: [{ value: 'f', label: label('Female', '女') }] },
      { name: 'needs', label: label('What do you need?', '您的需求') },
      { name: 'color', label: label('Favourite colour', '喜欢的颜色') },
    ], { q1: '华为技术', q2: 'f', needs: '企业宽带报价' });
    const got = profileSuggestions(empty, [older, newer], 'zh-CN');
    expect(got.map((s) => [s.key, s.value])).toEqual([
      ['company', '华为技术'],
      ['gender', '女'],
      ['needs', '企业宽带报价'],
    ]);
    expect(got[0]?.source).toEqual({ form: '开始之前', at: 2_000 });
  });

  it('given a field already filled in the profile, or an age that is not a number, then nothing is offered for it', () => {
    const f = answered(1_000, [{ name: 'company', label: label('Company', '公司') }, { name: 'age', label: label('Age', '年龄') }], { company: 'ACME', age: 'about forty' });
    expect(profileSuggestions({ ...empty, company: 'Analytical Engines' }, [f], 'en')).toEqual([]);
    const aged = answered(1_000, [{ name: 'age', label: label('Age', '年龄') }], { age: 42 });
    expect(profileSuggestions(empty, [aged], 'en')).toEqual([{ key: 'age', value: '42', source: { form: 'Before we start', at: 1_000 } }]);
  });

  it('given a form sent but not answered then it offers nothing', () => {
    const waiting = { ...answered(1_000, [{ name: 'company', label: label('Company', '公司') }], {}), answer: null } as ChatFormView;
    expect(profileSuggestions(empty, [waiting], 'en')).toEqual([]);
  });
});
