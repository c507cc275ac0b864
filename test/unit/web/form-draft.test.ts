/** The admin editor's draft of a form or survey and the definition it becomes (src/web/chat-forms/form-draft.ts). */
import { describe, expect, it } from 'vitest';
import { definitionProblems } from '../../../src/forms/form-rules.js';
import { draftOf, emptyDraft, inputOf, parseOptions, refusedRow } from '../../../src/web/chat-forms/form-draft.js';

describe('form drafts', () => {
  it('given option lines then value, English and Chinese are read; one part serves for all three', () => {
    expect(parseOptions(' repair | Repair | 维修 \n\nother')).toEqual([
      { value: 'repair', label: { en: 'Repair', zh: '维修' } },
      { value: 'other', label: { en: 'other', zh: 'other' } },
    ]);
  });

  it('given a filled survey draft then its input is a definition without problems, and reading it back gives the same input', () => {
    const d = emptyDraft('survey');
    const f = d.fields[0];
    if (!f) throw new Error('a new draft has a field');
    const draft = { ...d, name: 'NPS', titleEn: 'Recommend us?', titleZh: '推荐我们吗？', fields: [{ ...f, name: 'nps', labelEn: 'Score', labelZh: '分数', min: '0', max: '10', required: true, maxLength: '99' }] };
    const input = inputOf(draft);
    expect(input.definition.fields[0]).toEqual({ name: 'nps', kind: 'scale', label: { en: 'Score', zh: '分数' }, required: true, min: 0, max: 10 });
    expect(definitionProblems(input.definition)).toEqual([]);
    const again = inputOf(draftOf({ id: 'f1', kind: 'survey', name: 'NPS', version: 1, definition: input.definition, archived: false, createdAt: 0, updatedAt: 0 }));
    expect(again).toEqual(input);
  });

  it('given a refusal naming a field then its row is found; elsewhere none', () => {
    expect(refusedRow({ where: '/definition/fields/2/options' })).toBe(2);
    expect(refusedRow({ where: '/definition/title' })).toBeUndefined();
    expect(refusedRow(undefined)).toBeUndefined();
  });
});
