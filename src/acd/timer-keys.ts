/**
 * The routing engine's timers, one kind each with its own ids. The engine schedules and fires the
 * typed key itself, so no code takes a string apart to learn what a timer was for; the string
 * form exists only as the identity under which the service keeps its timer handles (setting a
 * timer again replaces the one with the same key).
 */
export type TimerKey =
  /** An offer's no-answer deadline. */
  | { kind: 'offer'; offerId: string }
  /** The contact's maximum wait in its queue. */
  | { kind: 'maxwait'; contactId: string }
  /** The next relaxation step of the contact's queue. */
  | { kind: 'relax'; contactId: string }
  /** The end of an agent's decline cool-down for the contact. */
  | { kind: 'decline'; contactId: string; agentId: string }
  /** The end of an agent's wrap-up after the contact. */
  | { kind: 'wrap'; agentId: string; contactId: string }
  /** The next change of the queue's business hours (it may close on contacts in line). */
  | { kind: 'hours'; queueId: string };

export type TimerKind = TimerKey['kind'];

/**
 * Kind and ids joined by a control character: ids come from outside (a call id, `<callId>:<n>`
 * for a transfer) and may hold any printable character, never this one.
 */
const SEPARATOR = '\u001f';

export function encodeTimerKey(key: TimerKey): string {
  switch (key.kind) {
    case 'offer':
      return `offer${SEPARATOR}${key.offerId}`;
    case 'maxwait':
    case 'relax':
      return `${key.kind}${SEPARATOR}${key.contactId}`;
    case 'decline':
      return `decline${SEPARATOR}${key.contactId}${SEPARATOR}${key.agentId}`;
    case 'wrap':
      return `wrap${SEPARATOR}${key.agentId}${SEPARATOR}${key.contactId}`;
    case 'hours':
      return `hours${SEPARATOR}${key.queueId}`;
  }
}

/** The key an encoded string stands for (a log line, a stored timer); null when it is none. */
export function parseTimerKey(text: string): TimerKey | null {
  const [kind, a, b, ...more] = text.split(SEPARATOR);
  if (more.length > 0 || !a) return null;
  switch (kind) {
    case 'offer':
      return b === undefined ? { kind, offerId: a } : null;
    case 'maxwait':
    case 'relax':
      return b === undefined ? { kind, contactId: a } : null;
    case 'decline':
      return b ? { kind, contactId: a, agentId: b } : null;
    case 'wrap':
      return b ? { kind, agentId: a, contactId: b } : null;
    case 'hours':
      return b === undefined ? { kind, queueId: a } : null;
    default:
      return null;
  }
}
