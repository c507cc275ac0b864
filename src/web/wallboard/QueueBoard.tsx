/** One tile per queue: waiting, longest wait, available agents; red past the wallboard's thresholds. */
import type { IndicatorThresholds, WallboardView } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { displayValue, indicatorLabel, isPast } from '../status-strip/indicator-marks.js';

type Queue = WallboardView['queues'][number];

function figures(q: Queue, at: number, now: number): { key: 'waiting' | 'longestWait' | 'available'; value: number }[] {
  const grown = q.waiting > 0 ? Math.max(0, now - at) : 0;
  return [
    { key: 'waiting', value: q.waiting },
    { key: 'longestWait', value: Math.floor((q.longestWaitMs + grown) / 1000) },
    { key: 'available', value: q.available },
  ];
}

export function QueueBoard({ queues, thresholds, at, now }: { queues: Queue[]; thresholds: IndicatorThresholds; at: number; now: number }) {
  return (
    <section class="wb-queues" aria-label={t('wallboard.queues')}>
      <h2>{t('wallboard.queues')}</h2>
      {queues.length === 0 && <p>{t('wallboard.noQueues')}</p>}
      <div class="wb-queue-grid">
        {queues.map((q) => {
          const figs = figures(q, at, now).map((f) => ({ ...f, past: isPast(f.key, f.value, thresholds[f.key]?.voice) }));
          return (
            <article key={q.queueId} class={`wb-queue${figs.some((f) => f.past) ? ' past' : ''}`} data-queue={q.queueId}>
              <h3>{q.name}</h3>
              <dl>
                {figs.map((f) => (
                  <div key={f.key} class={f.past ? 'past' : undefined} data-figure={f.key} data-past={f.past ? 'true' : 'false'}>
                    <dt>{f.key === 'available' ? t('wallboard.availableAgents') : indicatorLabel(f.key)}</dt>
                    <dd>{displayValue(f.key, f.value)}</dd>
                  </div>
                ))}
              </dl>
            </article>
          );
        })}
      </div>
    </section>
  );
}
