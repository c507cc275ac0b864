/**
 * The customer's history beside the profile: calls, chats and tickets, newest first
 * (GET /api/customers/{id}/timeline), older entries one page further with "Show older". A call
 * shows its outcome, the IVR path the caller took, a survey's answers and, for users who may
 * listen, a link to each recording; a chat its outcome and the visitor's survey answer.
 */
import { useEffect, useState } from 'preact/hooks';
import { customers } from '../api/endpoints.js';
import type { TimelineEntry } from '../api/types.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { hasKey, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';

function textOf(key: string, fallback: string): string {
  return hasKey(key) ? t(key) : fallback;
}

function what(e: TimelineEntry): string {
  if (e.kind === 'ticket') return t('customer.timeline.ticket');
  if (e.kind === 'chat') return t('customer.timeline.chat');
  return e.direction === 'outbound' ? t('customer.timeline.callOut') : t('customer.timeline.callIn');
}

function Details({ e }: { e: TimelineEntry }) {
  if (e.kind === 'ticket') {
    return (
      <span>
        {e.subject} <span class="badge">{textOf(`tickets.status.${e.status ?? ''}`, e.status ?? '')}</span>
      </span>
    );
  }
  if (e.kind === 'chat') {
    return (
      <span class="timeline-call">
        <span>{e.outcome ? textOf(`chat.outcome.${e.outcome}`, e.outcome) : textOf(`chat.${e.state ?? ''}`, e.state ?? '')}</span>
        {e.survey?.rating && <span class="muted">{t('customer.timeline.chatSurvey', { rating: e.survey.rating, comment: e.survey.comment ?? '' })}</span>}
      </span>
    );
  }
  const survey = Object.entries(e.survey ?? {});
  return (
    <span class="timeline-call">
      <span>
        {e.number} · {outcomeText(e.outcome)}
      </span>
      {e.ivrPath && e.ivrPath.length > 0 && <span class="muted">{t('customer.timeline.ivr', { path: e.ivrPath.join(' › ') })}</span>}
      {survey.length > 0 && <span class="muted">{t('customer.timeline.survey', { answers: survey.map(([k, v]) => `${k} ${v}`).join(', ') })}</span>}
      {(e.recordingIds ?? []).map((r, i) => (
        <a key={r} href={`/api/recordings/${encodeURIComponent(r)}/audio`} target="_blank" rel="noopener">
          {t('customer.timeline.recording', { n: String(i + 1) })}
        </a>
      ))}
    </span>
  );
}

export function CustomerTimeline({ customerId, first }: { customerId: string; first: { items: TimelineEntry[]; next?: string } }) {
  const [items, setItems] = useState(first.items);
  const [next, setNext] = useState(first.next);
  const [busy, run] = useAction();
  useEffect(() => {
    setItems(first.items);
    setNext(first.next);
  }, [first]);

  const older = () =>
    void run('customer.timeline.older', async () => {
      if (!next) return;
      const page = await customers.timeline(customerId, next);
      setItems((list) => [...list, ...page.items]);
      setNext(page.next);
    });

  return (
    <section class="panel customer-calls customer-timeline">
      <Table
        caption={t('customer.timeline')}
        rowKey={(r) => `${r.kind}:${r.id}`}
        rows={items}
        empty={t('customer.timeline.empty')}
        columns={[
          { key: 'when', header: t('pop.when'), cell: (r) => formatDateTime(r.at) },
          { key: 'what', header: t('customer.timeline.what'), cell: what },
          { key: 'details', header: t('customer.timeline.details'), cell: (r) => <Details e={r} /> },
          { key: 'agent', header: t('pop.agent'), cell: (r) => r.agentName ?? r.queueName ?? '' },
          { key: 'duration', header: t('customer.duration'), numeric: true, cell: (r) => (r.kind !== 'ticket' && r.endedAt !== undefined ? formatDuration(r.endedAt - r.at) : '') },
        ]}
      />
      {next && <Button label={t('customer.timeline.older')} busy={busy !== undefined} onClick={older} />}
    </section>
  );
}
