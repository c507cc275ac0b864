/** The chat records' filters: time range, visitor, outcome, ending, queue, team, tag, duration. */
import type { QueueConfig, TeamConfig } from '../api/types.js';
import { outcomeText } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { AnySelect, named } from './AnySelect.js';
import type { ChatRecordFilterForm } from './chat-record-filters.js';

const OUTCOMES = ['solved', 'unresolved', 'spam'] as const;
const END_REASONS = ['agent_ended', 'visitor_left', 'visitor_inactive', 'no_agent'] as const;

interface Props {
  form: ChatRecordFilterForm;
  onChange: (f: ChatRecordFilterForm) => void;
  onSearch: () => void;
  onReset: () => void;
  queues: QueueConfig[];
  teams: TeamConfig[];
  /** The team filter: only for users whose rows may be other agents' (record-abilities.ts). */
  teamFilter: boolean;
  busy: boolean;
}

export function ChatRecordFilterBar({ form, onChange, onSearch, onReset, queues, teams, teamFilter, busy }: Props) {
  const text = (key: keyof ChatRecordFilterForm) => (e: Event) => onChange({ ...form, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  return (
    <form
      class="panel record-filters"
      aria-label={t('records.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <Field id="cf-from" label={t('records.from')}>
        <input id="cf-from" type="datetime-local" value={form.from} onInput={text('from')} />
      </Field>
      <Field id="cf-to" label={t('records.to')}>
        <input id="cf-to" type="datetime-local" value={form.to} onInput={text('to')} />
      </Field>
      <Field id="cf-visitor" label={t('records.chat.visitor')}>
        <input id="cf-visitor" type="search" value={form.visitor} onInput={text('visitor')} />
      </Field>
      <AnySelect id="cf-outcome" label={t('records.col.outcome')} value={form.outcome} onChange={text('outcome')} choices={[...OUTCOMES.map((o) => ({ value: o, label: outcomeText(o) })), { value: 'none', label: t('records.chat.noOutcome') }]} />
      <AnySelect id="cf-ending" label={t('records.chat.ending')} value={form.endReason} onChange={text('endReason')} choices={END_REASONS.map((r) => ({ value: r, label: t(`records.chat.end.${r}`) }))} />
      <AnySelect id="cf-queue" label={t('records.col.queue')} value={form.queueId} onChange={text('queueId')} choices={named(queues)} />
      {teamFilter && <AnySelect id="cf-team" label={t('records.team')} value={form.teamId} onChange={text('teamId')} choices={named(teams)} />}
      <Field id="cf-tag" label={t('records.chat.tag')}>
        <input id="cf-tag" type="search" value={form.tag} onInput={text('tag')} />
      </Field>
      <Field id="cf-min" label={t('records.minMinutes')}>
        <input id="cf-min" type="number" min="0" step="1" value={form.minMinutes} onInput={text('minMinutes')} />
      </Field>
      <Field id="cf-max" label={t('records.maxMinutes')}>
        <input id="cf-max" type="number" min="0" step="1" value={form.maxMinutes} onInput={text('maxMinutes')} />
      </Field>
      <div class="filter-actions">
        <Button label={t('records.search')} type="submit" variant="primary" data-action="search" busy={busy} />
        <Button label={t('records.reset')} type="button" data-action="reset" onClick={onReset} />
      </div>
    </form>
  );
}
