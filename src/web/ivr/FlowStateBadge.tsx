/** A flow's state as a badge: its problems, else whether a version of it runs. */
import { t } from '../i18n/i18n.js';
import { flowBadge } from './flow-problems.js';

export function FlowStateBadge({ state }: { state: { version: number | null; problems: readonly unknown[] } }) {
  const b = flowBadge(state);
  if (b.kind === 'problems') {
    return (
      <span class="badge ivr-badge-problems" data-state="problems">
        {b.count === 1 ? t('ivr.state.oneProblem') : t('ivr.state.problems', { count: b.count })}
      </span>
    );
  }
  return (
    <span class={`badge ivr-badge-${b.kind}`} data-state={b.kind}>
      {b.kind === 'off' ? t('ivr.state.off') : t('ivr.state.valid')}
    </span>
  );
}
