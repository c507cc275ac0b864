/** The records page's filters: time range, customer number, direction, outcome, queue, team, duration, recording. */
import type { QueueConfig, TeamConfig } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { outcomeText } from '../i18n/format.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { AnySelect, named } from './AnySelect.js';
import type { RecordFilterForm } from './record-filters.js';

/** The outcomes offered in the filter, in the order a manager reads them (call-model.ts defines each). */
const OUTCOMES = [
  'agent_answered',
  'ring_no_answer',
  'caller_quick_hangup',
  'ivr_abandon',
  'queue_abandon',
  'queue_timeout',
  'out_of_hours',
  'ivr_completed',
  'ivr_transferred',
  'outbound_answered',
  'outbound_no_answer',
  'outbound_busy',
  'outbound_failed',
] as const;

interface Props {
  form: RecordFilterForm;
  onChange: (f: RecordFilterForm) => void;
  onSearch: () => void;
  onReset: () => void;
  queues: QueueConfig[];
  teams: TeamConfig[];
  /** The team filter: only for users whose rows may be other agents' (record-abilities.ts). */
  teamFilter: boolean;
  busy: boolean;
}

export function RecordFilterBar({ form, onChange, onSearch, onReset, queues, teams, teamFilter, busy }: Props) {
  const set = <K extends keyof RecordFilterForm>(key: K, value: RecordFilterForm[K]) => onChange({ ...form, [key]: value });
  const text = (key: keyof RecordFilterForm) => (e: Event) => set(key, (e.currentTarget as HTMLInputElement | HTMLSelectElement).value as never);
  return (
    <form
      class="panel record-filters"
      aria-label={t('records.filters')}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch();
      }}
    >
      <Field id="rf-from" label={t('records.from')}>
        <input id="rf-from" type="datetime-local" value={form.from} onInput={text('from')} />
      </Field>
      <Field id="rf-to" label={t('records.to')}>
        <input id="rf-to" type="datetime-local" value={form.to} onInput={text('to')} />
      </Field>
      <Field id="rf-number" label={t('records.number')}>
        <input id="rf-number" type="search" inputMode="tel" value={form.number} onInput={text('number')} placeholder="+86 138 0013 8000" />
      </Field>
      <AnySelect id="rf-direction" label={t('records.col.direction')} value={form.direction} onChange={text('direction')} choices={[{ value: 'inbound', label: t('records.inbound') }, { value: 'outbound', label: t('records.outbound') }]} />
      <AnySelect
        id="rf-outcome"
        label={t('records.col.outcome')}
        value={form.outcome}
        onChange={text('outcome')}
        choices={OUTCOMES.map((o) => ({ value: o, label: `${outcomeText(o)}${o.startsWith('outbound_') ? ` (${t('records.outbound')})` : ''}` }))}
      />
      <AnySelect id="rf-queue" label={t('records.col.queue')} value={form.queueId} onChange={text('queueId')} choices={named(queues)} />
      {teamFilter && <AnySelect id="rf-team" label={t('records.team')} value={form.teamId} onChange={text('teamId')} choices={named(teams)} />}
      <Field id="rf-min" label={t('records.minMinutes')}>
        <input id="rf-min" type="number" min="0" step="1" value={form.minMinutes} onInput={text('minMinutes')} />
      </Field>
      <Field id="rf-max" label={t('records.maxMinutes')}>
        <input id="rf-max" type="number" min="0" step="1" value={form.maxMinutes} onInput={text('maxMinutes')} />
      </Field>
      <AnySelect id="rf-recording" label={t('records.col.recording')} value={form.recording} onChange={text('recording')} choices={[{ value: 'true', label: t('records.withRecording') }, { value: 'false', label: t('records.withoutRecording') }]} />
      <div class="filter-actions">
        <Button label={t('records.search')} type="submit" variant="primary" data-action="search" busy={busy} />
        <Button label={t('records.reset')} type="button" data-action="reset" onClick={onReset} />
      </div>
    </form>
  );
}
