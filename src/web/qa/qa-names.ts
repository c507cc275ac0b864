/** Names and words the quality pages share: agents and teams by id, states and media in the page's language. */
import type { EvaluationState, QaMedia } from '../api/types.js';
import { t, type MessageKey } from '../i18n/i18n.js';

export interface QaNames {
  agent: (id: string) => string;
  team: (id: string) => string;
  queue: (id: string | null) => string;
}

/** Teams and queues a sample may be narrowed to. */
export interface QaPicks {
  teams: { id: string; name: string }[];
  queues: { id: string; name: string }[];
}

const STATES: Record<EvaluationState, MessageKey> = {
  draft: 'qa.state.draft',
  submitted: 'qa.state.submitted',
  accepted: 'qa.state.accepted',
  disputed: 'qa.state.disputed',
  resolved: 'qa.state.resolved',
};

export const stateText = (s: EvaluationState): string => t(STATES[s]);
export const mediaText = (m: QaMedia): string => t(m === 'call' ? 'qa.media.call' : 'qa.media.chat');
export const scoreText = (score: number | null | undefined): string => (score === null || score === undefined ? '–' : score.toFixed(1));

/** Local midnight of a yyyy-mm-dd date field, epoch ms. */
export function dayStart(date: string): number {
  return new Date(`${date}T00:00:00`).getTime();
}

export function dateField(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
