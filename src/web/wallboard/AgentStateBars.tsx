/**
 * Agents by state as horizontal bars (plain CSS widths): each group of the floor counts, the
 * consulted colleagues included, scaled to the agents online so the bars add up to the floor.
 */
import { t } from '../i18n/i18n.js';
import { indicatorLabel, type Values } from '../status-strip/indicator-marks.js';

const GROUPS = ['available', 'notReady', 'wrapUp', 'handling', 'dialingOut', 'consulted', 'outboundIdle'] as const;

export function AgentStateBars({ values }: { values: Values }) {
  const online = Math.max(values.online ?? 0, 1);
  return (
    <section class="wb-bars" aria-label={t('wallboard.agentStates')}>
      <h2>{t('wallboard.agentStates')}</h2>
      <dl>
        {GROUPS.map((g) => {
          const n = values[g] ?? 0;
          return (
            <div key={g} class="wb-bar" data-group={g}>
              <dt>{indicatorLabel(g)}</dt>
              <dd>
                <span class="wb-bar-fill" style={{ width: `${(n / online) * 100}%` }} />
                <span class="wb-bar-value">{n}</span>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
