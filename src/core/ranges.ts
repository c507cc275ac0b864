import { AppError } from './errors.js';

/**
 * A search's low bound after its high bound (from after to, a minimum above the maximum) is a
 * coded 400 naming both fields, never an empty answer the user reads as "nothing happened".
 */
export function checkRange(low: number | undefined, high: number | undefined, fields: [string, string]): void {
  if (low !== undefined && high !== undefined && low > high) {
    throw new AppError('INVALID_RANGE', `${fields[0]} (${low}) is after ${fields[1]} (${high})`, { fields, [fields[0]]: low, [fields[1]]: high });
  }
}

/** What a records search may reach: everything, or only the contacts of these agents. */
export type RecordScope = { all: true } | { all: false; agentIds: readonly string[] };
