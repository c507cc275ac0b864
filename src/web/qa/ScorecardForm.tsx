/**
 * A scorecard's items as the evaluator answers them: yes / no for yes-no and critical items, 1 to
 * N for scales, a comment per item. Read-only for everyone else, showing the answers given.
 */
import { checkAnswers, scoreOf } from '../../qa/scoring.js';
import type { Answers, Scorecard, ScorecardItem } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export interface ScorePreview {
  answered: number;
  total: number;
  /** null until every item is answered. */
  score: number | null;
  criticalFailed: boolean;
}

/** The score the daemon will compute, once every item is answered (scoring.ts, the same code). */
export function previewScore(card: Scorecard, answers: Answers): ScorePreview {
  const items = card.sections.flatMap((s) => s.items);
  const answered = items.filter((i) => i.id in answers).length;
  const criticalFailed = items.some((i) => i.kind === 'critical' && answers[i.id]?.value === false);
  if (answered < items.length || checkAnswers(card, answers, true).length > 0) return { answered, total: items.length, score: null, criticalFailed };
  return { answered, total: items.length, ...scoreOf(card, answers) };
}

function Choice({ item, answers, editable, onChange }: { item: ScorecardItem; answers: Answers; editable: boolean; onChange: (a: Answers) => void }) {
  const value = answers[item.id]?.value;
  const set = (v: boolean | number) => onChange({ ...answers, [item.id]: { ...answers[item.id], value: v } });
  const options: { v: boolean | number; label: string }[] =
    item.kind === 'scale' ? Array.from({ length: item.scaleMax ?? 5 }, (_, i) => ({ v: i + 1, label: String(i + 1) })) : [{ v: true, label: t('qa.yes') }, { v: false, label: t('qa.no') }];
  return (
    <div class="qa-choice" role="radiogroup" aria-label={item.label}>
      {options.map((o) => (
        <label key={String(o.v)} class={value === o.v ? 'is-chosen' : ''}>
          <input type="radio" name={`qa-item-${item.id}`} checked={value === o.v} disabled={!editable} onChange={() => set(o.v)} data-item={item.id} data-value={String(o.v)} />
          {o.label}
        </label>
      ))}
    </div>
  );
}

export function ScorecardForm({ card, answers, editable, onChange }: { card: Scorecard; answers: Answers; editable: boolean; onChange: (a: Answers) => void }) {
  return (
    <div class="qa-card">
      {card.sections.map((s) => (
        <fieldset key={s.id} class="qa-section">
          <legend>{s.title}</legend>
          {s.items.map((item) => (
            <div key={item.id} class={`qa-item qa-item-${item.kind}`} data-item-row={item.id}>
              <div class="qa-item-head">
                <span class="qa-item-label">{item.label}</span>
                <span class="qa-weight">{item.kind === 'critical' ? t('qa.critical') : t('qa.points', { n: item.weight })}</span>
              </div>
              {item.help && <p class="muted">{item.help}</p>}
              <Choice item={item} answers={answers} editable={editable} onChange={onChange} />
              {editable ? (
                <input
                  class="qa-item-comment"
                  aria-label={t('qa.itemComment', { item: item.label })}
                  placeholder={t('qa.itemComment', { item: '' }).trim()}
                  value={answers[item.id]?.comment ?? ''}
                  onInput={(e) => {
                    const text = e.currentTarget.value;
                    const current = answers[item.id];
                    // A comment alone is not an answer: it waits for the item's value.
                    if (current) onChange({ ...answers, [item.id]: { ...current, comment: text } });
                  }}
                  disabled={!answers[item.id]}
                />
              ) : (
                answers[item.id]?.comment && <p class="qa-item-note">{answers[item.id]?.comment}</p>
              )}
            </div>
          ))}
        </fieldset>
      ))}
    </div>
  );
}
