/**
 * A filter's select of the records pages: "Any" first (no filter), then the choices. The call and
 * chat filter bars each had the same field written out for queue, team, outcome and more.
 */
import { t } from '../i18n/i18n.js';
import { Field } from '../kit/Field.js';

export interface AnyChoice {
  value: string;
  label: string;
}

export function AnySelect({ id, label, value, choices, onChange }: { id: string; label: string; value: string; choices: readonly AnyChoice[]; onChange: (e: Event) => void }) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={onChange}>
        <option value="">{t('records.any')}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Queues or teams as choices. */
export const named = (items: readonly { id: string; name: string }[]): AnyChoice[] => items.map((x) => ({ value: x.id, label: x.name }));
