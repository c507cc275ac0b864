/**
 * The profile built from what is known: the customer's own answers in chat forms (a pre-chat form
 * asking for the company, a survey asking what they need) offered as values for the profile
 * fields still empty. Pure; the editor shows each with its source and a "Use" button, and nothing
 * is stored until the agent saves.
 *
 * A form field feeds a profile field when its name or either label names it (English or Chinese,
 * compared without case and spaces): forms are written by admins, so the match is by meaning in
 * the words they use, not by a fixed key. The newest answer wins.
 */
import { answerText, type FormDefinition, type FormField } from '../../forms/form-rules.js';
import type { ChatFormView } from '../api/forms.js';
import type { ProfileForm } from './profile-form.js';

export type SuggestedKey = 'company' | 'age' | 'gender' | 'preferences' | 'needs';

/** Words that name each profile field in a form's field name or label. */
const NAMES: Record<SuggestedKey, readonly string[]> = {
  company: ['company', 'companyname', 'organisation', 'organization', 'employer', 'business', '公司', '公司名称', '单位', '工作单位', '企业'],
  age: ['age', 'yourage', '年龄'],
  gender: ['gender', 'sex', '性别'],
  preferences: ['preferences', 'preference', 'preferred', '偏好', '喜好'],
  needs: ['needs', 'need', 'requirement', 'requirements', 'whatdoyouneed', '需求', '需要'],
};

const norm = (s: string) => s.toLowerCase().replace(/[\s_\-:：?？]/g, '');

function keyOf(field: FormField): SuggestedKey | undefined {
  const words = [field.name, field.label.en, field.label.zh].map(norm);
  return (Object.keys(NAMES) as SuggestedKey[]).find((k) => NAMES[k].some((n) => words.includes(n)));
}

export interface ProfileSuggestion {
  key: SuggestedKey;
  value: string;
  /** The form's title in the reader's language and when it was answered. */
  source: { form: string; at: number };
}

export function profileSuggestions(form: ProfileForm, forms: readonly ChatFormView[], lang: string): ProfileSuggestion[] {
  const out = new Map<SuggestedKey, ProfileSuggestion>();
  const newestFirst = [...forms].filter((f) => f.answer).sort((a, b) => (b.answer?.at ?? 0) - (a.answer?.at ?? 0));
  for (const f of newestFirst) {
    const def = f.definition as FormDefinition;
    for (const field of def.fields) {
      const key = keyOf(field);
      const raw = f.answer?.answers[field.name];
      if (!key || out.has(key) || form[key].trim() !== '' || raw === undefined || String(raw).trim() === '') continue;
      // Age is a number in the profile: only an answer that is one is offered.
      const value = key === 'age' ? String(raw).trim() : answerText(field, raw, lang);
      if (key === 'age' && !/^\d{1,3}$/.test(value)) continue;
      out.set(key, { key, value, source: { form: lang.toLowerCase().startsWith('zh') ? def.title.zh : def.title.en, at: f.answer?.at ?? 0 } });
    }
  }
  return [...out.values()];
}
