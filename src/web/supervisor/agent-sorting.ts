/** Sorting and filtering of the console's agent list (pure, so the page and its tests agree). */
import type { AgentStateName, ListedAgent } from '../api/types.js';

export type SortKey = 'name' | 'team' | 'state' | 'timeInState' | 'handled' | 'missed';
export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** Busy first, then ready, then away: the order a supervisor scans the floor in. */
const STATE_ORDER: AgentStateName[] = ['offered', 'on_contact', 'wrap_up', 'available', 'outbound', 'not_ready', 'logged_out'];

function compare(a: ListedAgent, b: ListedAgent, key: SortKey, now: number): number {
  switch (key) {
    case 'team':
      return (a.teams[0]?.name ?? '').localeCompare(b.teams[0]?.name ?? '');
    case 'state':
      return STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state);
    case 'timeInState':
      return now - a.stateSince - (now - b.stateSince);
    case 'handled':
      return a.today.handled - b.today.handled;
    case 'missed':
      return a.today.missed - b.today.missed;
    default:
      return a.name.localeCompare(b.name);
  }
}

export interface Filter {
  text: string;
  /** '' for every state. */
  state: AgentStateName | '';
}

export function visibleAgents(agents: readonly ListedAgent[], filter: Filter, sort: Sort, now: number): ListedAgent[] {
  const text = filter.text.trim().toLowerCase();
  const shown = agents.filter(
    (a) =>
      (filter.state === '' || a.state === filter.state) &&
      (text === '' || a.name.toLowerCase().includes(text) || a.number.includes(text) || a.teams.some((t) => t.name.toLowerCase().includes(text))),
  );
  const sign = sort.descending ? -1 : 1;
  return shown.sort((a, b) => sign * compare(a, b, sort.key, now) || a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));
}

/**
 * Who can be handed a contact now: logged in and not on a contact, ringing or wrapping up (the
 * engine would refuse them), the available ones first, then by name.
 */
export function freeAgents<A extends Pick<ListedAgent, 'state' | 'name'>>(agents: A[]): A[] {
  const rank = (a: A) => (a.state === 'available' ? 0 : 1);
  return agents.filter((a) => a.state === 'available' || a.state === 'not_ready').sort((x, y) => rank(x) - rank(y) || x.name.localeCompare(y.name));
}
