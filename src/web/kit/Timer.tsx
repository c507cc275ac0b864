/** Times that run: time in state, talk time, wrap-up left. `<time>` carries the exact value. */
import { formatDuration } from '../i18n/format.js';
import { now } from './now.js';

/** Time since `since` (epoch ms, daemon clock). */
export function Elapsed({ since, class: cls, label }: { since: number; class?: string; label?: string }) {
  const ms = Math.max(0, now.value - since);
  return (
    <time class={`timer${cls ? ` ${cls}` : ''}`} dateTime={`PT${Math.floor(ms / 1000)}S`} aria-label={label}>
      {formatDuration(ms)}
    </time>
  );
}

/** Time left until `until`; at zero it stays at 0:00 and gets the `is-over` look. */
export function Countdown({ until, class: cls, label }: { until: number; class?: string; label?: string }) {
  const ms = Math.max(0, until - now.value);
  return (
    <time class={`timer${ms === 0 ? ' is-over' : ''}${cls ? ` ${cls}` : ''}`} dateTime={`PT${Math.ceil(ms / 1000)}S`} aria-label={label}>
      {formatDuration(Math.ceil(ms / 1000) * 1000)}
    </time>
  );
}
