/** The satisfaction survey after a chat the agent ended as solved: a score from 1 to 5 and a comment. */
import { useState } from 'preact/hooks';
import type { Translate } from './i18n.js';
import type { WidgetView } from './view.js';

const SCORES = [1, 2, 3, 4, 5] as const;

export function Survey({ survey, t, answer }: { survey: NonNullable<WidgetView['survey']>; t: Translate; answer: (score: number, comment: string) => void }) {
  const [score, setScore] = useState<number | undefined>(undefined);
  const [comment, setComment] = useState('');
  if (survey.done) {
    return (
      <p class="survey-done" role="status">
        {t('survey.thanks')}
      </p>
    );
  }
  return (
    <form
      class="survey"
      onSubmit={(e) => {
        e.preventDefault();
        if (score !== undefined) answer(score, comment);
      }}
    >
      <fieldset>
        <legend>{t('survey.question')}</legend>
        <div class="scores" role="radiogroup">
          {SCORES.map((s) => (
            <button
              type="button"
              key={s}
              role="radio"
              aria-checked={score === s}
              aria-label={t('survey.score', { score: s })}
              class={score !== undefined && s <= score ? 'star on' : 'star'}
              onClick={() => setScore(s)}
            >
              ★
            </button>
          ))}
        </div>
        <p class="score-words">{score === undefined ? t('survey.pick') : t(`survey.word${score}` as 'survey.word1')}</p>
      </fieldset>
      <textarea rows={2} maxLength={1000} aria-label={t('survey.comment')} placeholder={t('survey.comment')} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      <button type="submit" class="secondary" disabled={score === undefined || survey.sending}>
        {survey.sending ? t('survey.sending') : t('survey.send')}
      </button>
    </form>
  );
}
