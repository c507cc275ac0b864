/**
 * What the CRM lookup answered about a caller or a chat visitor (docs/crm-lookup.md), as the
 * screen-pop and the chat workspace show it: name, company, level, tags, the extra fields and a
 * link into the CRM (the daemon keeps only http(s) links).
 */
import type { CrmAnswer } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Icon } from '../kit/Icon.js';
import './crm.css';

export function CrmCard({ answer, compact }: { answer: CrmAnswer; compact?: boolean }) {
  const fields = Object.entries(answer.fields);
  return (
    <section class={`crm-card${compact ? ' is-compact' : ''}`} aria-label={t('crm.card')} data-crm="card">
      <header class="crm-card-head">
        <span class="crm-card-title">{t('crm.card')}</span>
        {answer.name && <strong class="crm-name">{answer.name}</strong>}
        {answer.level && <span class="badge level crm-level">{answer.level}</span>}
        {answer.link && (
          <a class="pop-link crm-link" href={answer.link} target="_blank" rel="noopener noreferrer">
            <Icon name="link" size={14} />
            {t('crm.openInCrm')}
          </a>
        )}
      </header>
      <dl class="crm-facts">
        {answer.company && (
          <div>
            <dt>{t('crm.company')}</dt>
            <dd>{answer.company}</dd>
          </div>
        )}
        {answer.tags.length > 0 && (
          <div>
            <dt>{t('crm.tags')}</dt>
            <dd>
              <ul class="tags">
                {answer.tags.map((tag) => (
                  <li key={tag} class="badge">
                    {tag}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
