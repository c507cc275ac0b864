/**
 * The usage report's two lists as the page shows them (issue 13). Pure.
 *
 * The daemon answers the `limit` most and least used published articles; with fewer than twice
 * `limit` articles the two lists share articles (with fewer than `limit`, both hold every one).
 * Shown twice, an article would be both "most" and "least" used: each is shown once, in the most
 * used when it was used at all, else in the least used. An article not used in the period is not
 * "most used", however few articles there are.
 */
import type { KbUsageReport } from '../api/types.js';

export type UsageRow = KbUsageReport['most'][number];

export interface UsageLists {
  most: UsageRow[];
  least: UsageRow[];
  /** The largest total shown: the bars' full width (at least 1, so a bar of 0 is empty, not NaN). */
  scale: number;
  /** No published article was used in the period: the page says so instead of showing tables. */
  unused: boolean;
}

/** Ties by title in the reader's language, then by id, so the order never depends on the database's. */
const byTitle = (collator: Intl.Collator) => (a: UsageRow, b: UsageRow) => collator.compare(a.title, b.title) || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);

export function usageLists(report: Pick<KbUsageReport, 'most' | 'least'>, locale: string): UsageLists {
  const tie = byTitle(new Intl.Collator(locale));
  const most = report.most.filter((r) => r.total > 0).sort((a, b) => b.total - a.total || tie(a, b));
  const shown = new Set(most.map((r) => r.articleId));
  const least = report.least.filter((r) => !shown.has(r.articleId)).sort((a, b) => a.total - b.total || tie(a, b));
  return { most, least, scale: Math.max(1, ...most.map((r) => r.total), ...least.map((r) => r.total)), unused: most.length === 0 };
}

/** A bar's parts as shares of the scale (0..1), in the order the legend names them. */
export function barParts(row: UsageRow, scale: number): { kind: 'viewed' | 'sentInChat' | 'usedInCall'; share: number }[] {
  return (['viewed', 'sentInChat', 'usedInCall'] as const).map((kind) => ({ kind, share: row[kind] / scale }));
}
