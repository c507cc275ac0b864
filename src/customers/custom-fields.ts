/**
 * Admin-defined custom fields of the customer profile: what a definition must look like and
 * whether a customer's values fit the definitions. Pure: the store reads the definitions and the
 * values, these functions decide.
 *
 * A value naming no defined field is CUSTOMER_FIELD_UNKNOWN, a value of the wrong type (or not
 * one of a choice's options) CUSTOMER_FIELD_INVALID; both name the field (`/custom/<key>`) and
 * nothing is stored. `null` clears a value.
 */
import { AppError, validationError, type FieldProblem } from '../core/errors.js';
import type { CustomField, CustomFieldInput, CustomValue } from './model.js';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A definition checked and trimmed; VALIDATION_FAILED naming the field otherwise. */
export function checkFieldDefinition(input: CustomFieldInput): Required<CustomFieldInput> {
  const problems: FieldProblem[] = [];
  if (!KEY.test(input.key)) problems.push({ where: '/key', reason: 'lower-case letters, digits and _, starting with a letter (at most 40)' });
  const label = input.label.trim();
  if (label === '') problems.push({ where: '/label', reason: 'must not be blank' });
  const options = (input.options ?? []).map((o) => o.trim());
  if (input.type === 'choice') {
    if (options.length === 0) problems.push({ where: '/options', reason: 'a choice needs at least one option' });
    options.forEach((o, i) => {
      if (o === '') problems.push({ where: `/options/${i}`, reason: 'must not be blank' });
      else if (options.indexOf(o) !== i) problems.push({ where: `/options/${i}`, reason: `"${o}" is listed twice` });
    });
  } else if (options.length > 0) {
    problems.push({ where: '/options', reason: 'only a choice field has options' });
  }
  if (problems.length > 0) throw validationError(problems);
  return { key: input.key, label, type: input.type, options, position: input.position ?? 0 };
}

export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

function fits(field: CustomField, value: CustomValue): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'choice':
      return typeof value === 'string' && field.options.includes(value) ? undefined : `must be one of ${field.options.join(', ')}`;
  }
}

/**
 * The values to store: each checked against its definition, `null` and empty text dropped.
 * Unknown fields are reported before wrong values, each group with every field it concerns.
 */
export function checkCustomValues(fields: readonly CustomField[], values: Record<string, CustomValue | null>): Record<string, CustomValue> {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const unknown: FieldProblem[] = [];
  const invalid: FieldProblem[] = [];
  const out: Record<string, CustomValue> = {};
  for (const [key, value] of Object.entries(values)) {
    const field = byKey.get(key);
    if (!field) {
      unknown.push({ where: `/custom/${key}`, reason: 'no such custom field' });
      continue;
    }
    if (value === null || value === '') continue;
    const wrong = fits(field, value);
    if (wrong) invalid.push({ where: `/custom/${key}`, reason: wrong });
    else out[key] = typeof value === 'string' ? value.trim() : value;
  }
  if (unknown.length > 0) throw fieldError('CUSTOMER_FIELD_UNKNOWN', unknown);
  if (invalid.length > 0) throw fieldError('CUSTOMER_FIELD_INVALID', invalid);
  return out;
}

function fieldError(code: 'CUSTOMER_FIELD_UNKNOWN' | 'CUSTOMER_FIELD_INVALID', problems: FieldProblem[]): AppError {
  const first = problems[0] as FieldProblem;
  return new AppError(code, `${first.where}: ${first.reason}`, { problems });
}
