/** One tile per queue from the live queue figures (GET /api/realtime): waiting, longest wait, today's answered and service level. */
import type { RealtimeQueue } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';

export function QueueTiles({ queues, name }: { queues: RealtimeQueue[]; name: (id: string) => string }) {
  return (
    <section class="queue-tiles" aria-label={t('supervisor.queues')}>
      {queues.length === 0 && <p class="muted">{t('supervisor.noQueues')}</p>}
      {queues.map((q) => {
        const id = q.queueId ?? '';
        return (
          <div key={id} class={`queue-tile${(q.waiting ?? 0) > 0 ? ' has-waiting' : ''}`} data-queue={id}>
            <span class="tile-title">{name(id)}</span>
            <span class="tile-value" data-figure="waiting">
              {q.waiting ?? 0}
            </span>
            <span class="tile-note">{t('supervisor.longestWait', { time: formatDuration(q.longestWaitMs ?? 0) })}</span>
            <span class="tile-note">{t('supervisor.queueToday', { answered: q.answered ?? 0, offered: q.offered ?? 0, abandoned: q.abandoned ?? 0 })}</span>
            <span class="tile-note">
              {t('supervisor.serviceLevel', { level: q.serviceLevel === null || q.serviceLevel === undefined ? '–' : `${Math.round(q.serviceLevel * 100)}%` })}
            </span>
          </div>
        );
      })}
    </section>
  );
}
