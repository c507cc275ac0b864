/**
 * The signed-in user's status strip (issue 11): the up to four floor indicators an admin chose
 * for their role, live, each red past its threshold (voice or chat). Its own component so the
 * toolbar and the supervisor console show the same thing.
 */
import { useEffect, useMemo } from 'preact/hooks';
import { stream } from '../app/live.js';
import { t } from '../i18n/i18n.js';
import { now } from '../kit/now.js';
import { markOf } from './indicator-marks.js';
import { StripStore } from './strip-store.js';
import './status-strip.css';

export function StatusStrip() {
  const store = useMemo(() => new StripStore(stream), []);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const strip = store.strip.value;
  if (!strip || strip.settings.indicators.length === 0) return null;
  const marks = strip.settings.indicators.map((key) => markOf(key, strip.values, strip.chat, strip.settings.thresholds, strip.at, now.value));
  return (
    <ul class="status-strip" aria-label={t('strip.label')}>
      {marks.map((m) => (
        <li key={m.key} class={m.past ? 'past' : undefined} data-indicator={m.key} data-past={m.past ? 'true' : 'false'}>
          <span class="strip-label">{m.label}</span>
          <span class="strip-value">{m.text}</span>
          {m.chat > 0 && <span class="strip-chat">{t('strip.chat', { value: m.chat })}</span>}
          {m.past && m.threshold !== null && <span class="visually-hidden">{t('strip.pastThreshold', { threshold: m.threshold })}</span>}
        </li>
      ))}
    </ul>
  );
}
