/** Forms and surveys with their answers, read against the version each answered (the workspace and the customer page). */
import { answerText, labelIn, type FormDefinition } from '../../forms/form-rules.js';
import type { ChatFormView } from '../api/forms.js';
import { formatDateTime } from '../i18n/format.js';
import { locale, t } from '../i18n/i18n.js';
import './chat-forms.css';

function badge(f: ChatFormView): string {
  if (f.prechat) return t('forms.prechatBadge');
  return f.definition.kind === 'survey' ? t('forms.surveyBadge') : t('forms.formBadge');
}

export function FormAnswers({ forms, showChat }: { forms: ChatFormView[]; showChat?: boolean }) {
  const lang = locale.value;
  return (
    <ul class="form-answers">
      {forms.map((f) => {
        const def = f.definition as FormDefinition;
        return (
          <li key={f.requestId} class="form-answer" data-request-id={f.requestId} data-answered={f.answer ? '' : undefined}>
            <div class="form-answer-head">
              <strong>{labelIn(def.title, lang)}</strong>
              <span class="chip">{badge(f)}</span>
              <span class="muted">{f.answer ? t('forms.answeredAt', { time: formatDateTime(f.answer.at) }) : t('forms.waiting')}</span>
              {showChat && <span class="muted">{t('forms.inChat', { time: formatDateTime(f.sentAt) })}</span>}
              {f.ticketId && <span class="muted">{t('forms.toTicket')}</span>}
            </div>
            {f.answer && (
              <dl>
                {def.fields
                  .filter((x) => f.answer?.answers[x.name] !== undefined)
                  .map((x) => (
                    <div key={x.name} data-field={x.name}>
                      <dt>{labelIn(x.label, lang)}</dt>
                      <dd>{answerText(x, f.answer?.answers[x.name] as string | number, lang)}</dd>
                    </div>
                  ))}
              </dl>
            )}
          </li>
        );
      })}
    </ul>
  );
}
