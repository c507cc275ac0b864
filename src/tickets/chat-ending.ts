/**
 * A chat kept as a ticket (issue 12 "Ending, three ways"; issue 13 "created from a chat's
 * ending"). Pure: the chat's facts in, the ticket change out; the service stores it.
 *
 *   agent's ending   new ticket                         chat already linked to a ticket
 *   solved           status solved, assigned to the     transcript added (internal), the ticket
 *                    agent                              moves to solved when it may
 *   unresolved       status open, the agent's team,     transcript added (internal), the ticket
 *                    nobody assigned: "onward", any     moves to open when it may
 *                    member picks it up
 *   spam             status deleted with the agent's    transcript and reason added (internal);
 *                    reason, kept for audit             the ticket predates the chat: not deleted
 *
 * The ticket names the chat's visitor, so they see its public replies in the widget (never the
 * transcript, which is an internal reply or the description). A linked ticket that is closed or
 * deleted takes no more replies: the ending then makes a ticket of its own.
 */
import { centerClock, centerTime, DEFAULT_WORDING, wordsOf, type TicketWording } from './ticket-wording.js';
import type { Ticket, TicketActor, TicketHistoryEntry, TicketReply, TicketStatus } from './model.js';
import { DEFAULT_SLA, type SlaPolicy } from './sla.js';
import { addReply, applyTransition, createTicket, SUBJECT_MAX, TEXT_MAX, type Changed } from './ticket-changes.js';
import { canTransition } from './ticket-state.js';

export const CHAT_ENDING_OUTCOMES = ['solved', 'unresolved', 'spam'] as const;
export type ChatEndingOutcome = (typeof CHAT_ENDING_OUTCOMES)[number];

export interface ChatLine {
  author: 'visitor' | 'agent' | 'system';
  body: string;
  at: number;
}

export interface ChatEndingFacts {
  chatId: string;
  visitorId: string;
  visitorName: string;
  agentId: string | null;
  /** The user behind the agent: the ticket's author in its history and audit. */
  by: string;
  /** The agent's team: where an unresolved chat goes onward. */
  teamId: string | null;
  outcome: ChatEndingOutcome;
  /** Required for spam (the chat service refuses an ending without one). */
  reason: string | null;
  endedAt: number;
  lines: ChatLine[];
}

const SUBJECT_FROM_MESSAGE = 80;
const STATUS_OF: Record<ChatEndingOutcome, TicketStatus | null> = { solved: 'solved', unresolved: 'open', spam: null };

/** The visitor's first words make the subject (in their own language); their name when they wrote nothing. */
export function subjectOf(f: ChatEndingFacts): string {
  const first = f.lines.find((l) => l.author === 'visitor' && l.body.trim() !== '')?.body.replace(/\s+/g, ' ').trim();
  const text = first ?? (f.visitorName.trim() || f.chatId);
  const max = Math.min(SUBJECT_FROM_MESSAGE, SUBJECT_MAX);
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/** One line per message, with its time in the center's zone, the side and the text; cut to fit a ticket's text. */
export function transcriptOf(f: ChatEndingFacts, heading = '', wording: TicketWording = DEFAULT_WORDING): string {
  const words = wordsOf(wording);
  const side = (a: ChatLine['author']): string => (a === 'visitor' ? f.visitorName.trim() || words.visitor : a === 'agent' ? words.agent : '—');
  const lines = f.lines.map((l) => `[${centerClock(l.at, wording)}] ${side(l.author)}: ${l.body}`);
  const text = [heading, ...lines].filter((x) => x !== '').join('\n') || words.noMessages;
  const truncated = `\n${words.shortened}`;
  return text.length <= TEXT_MAX ? text : text.slice(0, TEXT_MAX - truncated.length) + truncated;
}

function headingOf(f: ChatEndingFacts, wording: TicketWording): string {
  return wordsOf(wording).chatHeading({ chatId: f.chatId, at: centerTime(f.endedAt, wording), outcome: f.outcome, reason: f.reason });
}

/** A new ticket from the ending, in its final status, as one change (created + moved). */
export function ticketFromChatEnding(f: ChatEndingFacts, ctx: { id: string; now: number; sla?: SlaPolicy; wording?: TicketWording }): Changed {
  const created = createTicket(
    {
      subject: subjectOf(f),
      description: transcriptOf(f, headingOf(f, ctx.wording ?? DEFAULT_WORDING), ctx.wording),
      visitorId: f.visitorId,
      assigneeId: f.outcome === 'unresolved' ? null : f.agentId,
      teamId: f.teamId,
    },
    { id: ctx.id, now: ctx.now, by: f.by, sla: ctx.sla ?? DEFAULT_SLA },
  );
  const actor: TicketActor = { userId: f.by, canClose: false };
  const to: TicketStatus = f.outcome === 'spam' ? 'deleted' : (STATUS_OF[f.outcome] as TicketStatus);
  const moved = applyTransition(created.ticket, to, actor, ctx.now, f.outcome === 'spam' ? (f.reason ?? 'spam') : undefined);
  // Stored as one new row: its version is that of a ticket just made.
  return { ticket: { ...moved.ticket, version: created.ticket.version }, history: [...created.history, ...moved.history] };
}

/**
 * The ending added to the ticket the chat was linked to: the transcript as an internal reply, then
 * the status the outcome asks for when the machine allows it. Undefined when that ticket is closed
 * or deleted (the caller makes a new ticket instead).
 */
export function endingOnTicket(
  ticket: Ticket,
  f: ChatEndingFacts,
  ctx: { replyId: string; now: number; wording?: TicketWording },
): { ticket: Ticket; reply: TicketReply; history: TicketHistoryEntry[] } | undefined {
  if (ticket.status === 'closed' || ticket.status === 'deleted') return undefined;
  const actor: TicketActor = { userId: f.by, canClose: false };
  const replied = addReply(ticket, { visibility: 'internal', body: transcriptOf(f, headingOf(f, ctx.wording ?? DEFAULT_WORDING), ctx.wording) }, actor, { id: ctx.replyId, now: ctx.now });
  const to = STATUS_OF[f.outcome];
  if (to === null || replied.ticket.status === to || !canTransition(replied.ticket.status, to)) return replied;
  const moved = applyTransition(replied.ticket, to, actor, ctx.now);
  // One change stored: the version counts it once.
  return { reply: replied.reply, ticket: { ...moved.ticket, version: ticket.version + 1 }, history: [...replied.history, ...moved.history] };
}
