/**
 * Issue 14: where callers leave the open flow, for a range of local days in the user's time zone
 * (today, the last 7 or 30 days, or any two days): one bar per node, most first. The same counts
 * sit on the diagram's nodes. Only for users who may read the report (records.view).
 */
import type { AbandonPoint } from '../api/ivr.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { PRESET_DAYS, type DayRange, type RangePreset } from './abandon-range.js';

const PRESET_LABELS: Record<RangePreset, MessageKey> = { today: 'ivr.abandon.today', days7: 'ivr.abandon.days7', days30: 'ivr.abandon.days30' };

export interface AbandonPanelProps {
  range: DayRange;
  preset: RangePreset | undefined;
  timeZone: string;
  onRange: (range: DayRange) => void;
  onPreset: (preset: RangePreset) => void;
  /** undefined while loading (or while the range is not a range). */
  points: AbandonPoint[] | undefined;
  /** Node ids of the open flow's diagram (a caller may leave inside a flow it calls). */
  nodes: ReadonlySet<string>;
  /** The range's last day is before its first. */
  badRange: boolean;
}

export function AbandonPanel({ range, preset, timeZone, onRange, onPreset, points, nodes, badRange }: AbandonPanelProps) {
  const number = new Intl.NumberFormat(locale.value);
  const most = Math.max(1, ...(points ?? []).map((p) => p.count));
  const total = (points ?? []).reduce((n, p) => n + p.count, 0);
  return (
    <section class="panel ivr-abandon" aria-labelledby="ivr-abandon-title">
      <h2 id="ivr-abandon-title">{t('ivr.abandon.title')}</h2>
      <div class="ivr-abandon-presets" role="group" aria-label={t('ivr.abandon.range')}>
        {(Object.keys(PRESET_DAYS) as RangePreset[]).map((p) => (
          <Button key={p} label={t(PRESET_LABELS[p])} pressed={preset === p} data-preset={p} onClick={() => onPreset(p)} />
        ))}
      </div>
      <div class="ivr-abandon-days">
        <Field id="ivr-abandon-from" label={t('ivr.abandon.from')}>
          <input id="ivr-abandon-from" type="date" value={range.from} onChange={(e) => onRange({ ...range, from: e.currentTarget.value })} />
        </Field>
        <Field id="ivr-abandon-to" label={t('ivr.abandon.to')} {...(badRange ? { error: t('ivr.abandon.badRange') } : {})}>
          <input id="ivr-abandon-to" type="date" value={range.to} onChange={(e) => onRange({ ...range, to: e.currentTarget.value })} />
        </Field>
      </div>
      <p class="muted ivr-abandon-tz">{t('ivr.abandon.timeZone', { tz: timeZone })}</p>
      {!points ? (
        !badRange && <p role="status">{t('common.loading')}</p>
      ) : points.length === 0 ? (
        <p class="muted ivr-abandon-none">{t('ivr.abandon.none')}</p>
      ) : (
        <>
          <p class="ivr-abandon-total">{t('ivr.abandon.total', { count: number.format(total) })}</p>
          <ol class="ivr-abandon-bars" aria-label={t('ivr.abandon.byNode')}>
            {points.map((p) => (
              <li key={p.node} class="ivr-abandon-bar" data-node={p.node}>
                <span class="ivr-abandon-node">
                  {p.node === '' ? t('ivr.abandon.unknownNode') : p.node}
                  {p.node !== '' && !nodes.has(p.node) && <span class="muted ivr-abandon-elsewhere">{t('ivr.abandon.elsewhere')}</span>}
                </span>
                <span class="ivr-abandon-track" aria-hidden="true">
                  <span class="ivr-abandon-fill" style={{ width: `${(p.count / most) * 100}%` }} />
                </span>
                <span class="ivr-abandon-count">{number.format(p.count)}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
