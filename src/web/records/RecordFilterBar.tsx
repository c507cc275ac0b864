/** The records page's filters: time range, customer number, direction, outcome, queue, team, duration, recording. */
import type { QueueConfig, TeamConfig } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { outcomeText } from '../i18n/format.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
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
  busy: boolean;
}

export function RecordFilterBar({ form, onChange, onSearch, onReset, queues, teams, busy }: Props) {
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
      <Field id="rf-direction" label={t('records.col.direction')}>
        <select id="rf-direction" value={form.direction} onChange={text('direction')}>
          <option value="">{t('records.any')}</option>
          <option value="inbound">{t('records.inbound')}</option>
          <option value="outbound">{t('records.outbound')}</option>
        </select>
      </Field>
      <Field id="rf-outcome" label={t('records.col.outcome')}>
        <select id="rf-outcome" value={form.outcome} onChange={text('outcome')}>
          <option value="">{t('records.any')}</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {outcomeText(o)}
              {o.startsWith('outbound_') ? ` (${t('records.outbound')})` : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field id="rf-queue" label={t('records.col.queue')}>
        <select id="rf-queue" value={form.queueId} onChange={text('queueId')}>
          <option value="">{t('records.any')}</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="rf-team" label={t('records.team')}>
        <select id="rf-team" value={form.teamId} onChange={text('teamId')}>
          <option value="">{t('records.any')}</option>
          {teams.map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </select>
      </Field>
      <Field id="rf-min" label={t('records.minMinutes')}>
        <input id="rf-min" type="number" min="0" step="1" value={form.minMinutes} onInput={text('minMinutes')} />
      </Field>
      <Field id="rf-max" label={t('records.maxMinutes')}>
        <input id="rf-max" type="number" min="0" step="1" value={form.maxMinutes} onInput={text('maxMinutes')} />
      </Field>
      <Field id="rf-recording" label={t('records.col.recording')}>
        <select id="rf-recording" value={form.recording} onChange={text('recording')}>
          <option value="">{t('records.any')}</option>
          <option value="true">{t('records.withRecording')}</option>
          <option value="false">{t('records.withoutRecording')}</option>
        </select>
      </Field>
      <div class="filter-actions">
        <Button label={t('records.search')} type="submit" variant="primary" data-action="search" busy={busy} />
        <Button label={t('records.reset')} type="button" data-action="reset" onClick={onReset} />
      </div>
    </form>
  );
}
