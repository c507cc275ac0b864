/**
 * What the evaluator reads beside the recording or transcript (GET /api/qa/evaluations/:id/context):
 * the customer the contact was with (a link to their profile), the call's number, queue and
 * wrap-up, or the chat visitor's trail: where they came from, on what, and the pages they viewed
 * before and during the chat with the time on each. Pages viewed once the chat had started are
 * marked, since what the visitor looked at while talking is part of what was said.
 */
import type { ContactContext, CustomerSummary, VisitTrail } from '../api/types.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { hasKey, t } from '../i18n/i18n.js';

const pageLabel = (url: string) => url.replace(/^https?:\/\//, '');
const known = (key: string, otherwise: string) => (hasKey(key) ? t(key) : otherwise);
const levelText = (level: string) => known(`customer.level.${level}`, level);
const deviceText = (type: string) => known(`visitors.device.${type}`, type);

export function ContactContextPanel({ context, queueName }: { context: ContactContext; queueName: (id: string | null) => string }) {
  return (
    <section class="panel qa-context" aria-label={t('qa.context')} data-context={context.kind}>
      <h3>{t('qa.context.customer')}</h3>
      <CustomerFacts customer={context.customer} />
      <dl class="qa-facts">
        {context.kind === 'call' ? (
          <>
            <dt>{t(context.direction === 'inbound' ? 'qa.context.caller' : 'qa.context.dialed')}</dt>
            <dd class="number">
              {context.number}
              {context.callerName ? ` · ${context.callerName}` : ''}
            </dd>
            <dt>{t('qa.context.queue')}</dt>
            <dd>{queueName(context.queueId)}</dd>
            <dt>{t('qa.context.talk')}</dt>
            <dd>{context.answeredAt !== null && context.endedAt !== null ? formatDuration(context.endedAt - context.answeredAt) : '—'}</dd>
            <dt>{t('qa.context.outcome')}</dt>
            <dd>{context.outcome ? outcomeText(context.outcome) : '—'}</dd>
            {context.disposition !== null && (
              <>
                <dt>{t('qa.context.wrapUp')}</dt>
                <dd data-part="wrap-up">
                  {context.disposition}
                  {context.wrapUpNote ? ` · ${context.wrapUpNote}` : ''}
                </dd>
              </>
            )}
          </>
        ) : (
          <>
            <dt>{t('qa.visitor')}</dt>
            <dd>{context.visitorName || '—'}</dd>
            <dt>{t('qa.context.queue')}</dt>
            <dd>{queueName(context.queueId)}</dd>
            <dt>{t('qa.context.chatLength')}</dt>
            <dd>{context.endedAt !== null ? formatDuration(context.endedAt - context.startedAt) : '—'}</dd>
          </>
        )}
      </dl>
      {context.kind === 'chat' && <Trail trail={context.trail} chatStart={context.startedAt} />}
    </section>
  );
}

function CustomerFacts({ customer }: { customer: CustomerSummary | null }) {
  if (!customer) return <p class="muted">{t('qa.context.noCustomer')}</p>;
  return (
    <p class="qa-customer" data-customer={customer.id}>
      <a href={`/app/customers/${encodeURIComponent(customer.id)}`} target="_blank" rel="noopener">
        {customer.name}
      </a>
      {customer.company && <span> · {customer.company}</span>}
      <span class={`badge level level-${customer.level}`}>{levelText(customer.level)}</span>
      {customer.tags.map((tag) => (
        <span key={tag} class="badge">
          {tag}
        </span>
      ))}
    </p>
  );
}

function Trail({ trail, chatStart }: { trail: VisitTrail | null; chatStart: number }) {
  if (!trail) {
    return (
      <>
        <h3>{t('qa.context.trail')}</h3>
        <p class="muted">{t('qa.context.noTrail')}</p>
      </>
    );
  }
  const where = trail.region ? [trail.region.city, trail.region.region, trail.region.country].filter(Boolean).join(', ') : '';
  return (
    <>
      <h3>{t('qa.context.trail')}</h3>
      <dl class="qa-facts">
        <dt>{t('visitors.landing')}</dt>
        <dd>{pageLabel(trail.landingPage) || '—'}</dd>
        {trail.searchEngine ? (
          <>
            <dt>{t('visitors.search')}</dt>
            <dd>{`${trail.searchKeywords || '—'} (${trail.searchEngine})`}</dd>
          </>
        ) : (
          <>
            <dt>{t('visitors.referrer')}</dt>
            <dd>{trail.referrer ? pageLabel(trail.referrer) : t('visitors.direct')}</dd>
          </>
        )}
        <dt>{t('qa.context.device')}</dt>
        <dd>{[deviceText(trail.device.type), trail.device.browser, trail.device.os, where].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('qa.context.visit')}</dt>
        <dd>
          {formatDateTime(trail.startedAt)}
          {trail.returning ? ` · ${t('visitors.returning')}` : ''}
        </dd>
      </dl>
      <ol class="qa-trail">
        {trail.pages.map((p) => {
          const during = p.enteredAt >= chatStart;
          return (
            <li key={p.seq} class={during ? 'during-chat' : undefined} data-seq={p.seq}>
              <span class="qa-trail-page">{p.title ? `${p.title} — ${pageLabel(p.url)}` : pageLabel(p.url)}</span>
              <span class="muted">
                {p.leftAt !== null ? formatDuration(p.leftAt - p.enteredAt) : '…'}
                {during ? ` · ${t('qa.context.duringChat')}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
