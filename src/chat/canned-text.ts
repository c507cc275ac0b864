/**
 * The text side of canned replies, shared by the daemon and the agent's workspace (so it imports
 * nothing): filling the placeholders, and matching what the agent typed after '/'.
 */

/** The reply's text with {visitor} and {agent} filled in (other braces are left as they are). */
export function fillPlaceholders(body: string, values: { visitor: string; agent: string }): string {
  return body.replace(/\{(visitor|agent)\}/g, (_, key: 'visitor' | 'agent') => values[key]);
}

/** The replies whose shortcut or title matches what follows the '/', shortcut prefix matches first. */
export function matchCanned<T extends { shortcut: string; title: string }>(replies: readonly T[], typed: string): T[] {
  const q = typed.trim().toLowerCase().replace(/^\//, '');
  const prefix = replies.filter((r) => r.shortcut.slice(1).startsWith(q));
  const rest = replies.filter((r) => !prefix.includes(r) && (r.shortcut.includes(q) || r.title.toLowerCase().includes(q)));
  const byShortcut = (a: T, b: T) => a.shortcut.localeCompare(b.shortcut);
  return [...prefix.sort(byShortcut), ...rest.sort(byShortcut)];
}
