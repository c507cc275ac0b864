/**
 * A voicemail left in the IVR kept as a ticket (issue 13 "created from a voicemail"). Pure: the
 * message's facts in, the new ticket out; TicketService stores it together with the message's
 * flip to `ticketed` (one transaction), and voicemail-tickets.ts decides when.
 *
 * The ticket names the customer holding the caller's number when exactly one does (two holding it
 * is a question for an agent, not a guess), goes to the team the voicemail node named (none: the
 * center's shared pool), and its recording is reached through the ticket
 * (GET /api/tickets/:id/voicemail), by those allowed to hear recordings.
 */
import { centerTime, DEFAULT_WORDING, wordsOf, type TicketWording } from './ticket-wording.js';
import type { Changed } from './ticket-changes.js';
import { createTicket } from './ticket-changes.js';
import { DEFAULT_SLA, type SlaPolicy } from './sla.js';

export interface VoicemailFacts {
  messageId: string;
  callId: string;
  /** As the media server gave it; '' when the caller withheld it. */
  callerNumber: string;
  mailbox: string;
  flow: string;
  durationMs: number | null;
  at: number;
  /** The one customer holding the caller's number, if exactly one does. */
  customerId: string | null;
  /** The team the node named, resolved to its id; null for none, or a team removed since. */
  teamId: string | null;
}

/** Who made the ticket, in its history and audit: the caller, by number. */
export function voicemailAuthor(f: Pick<VoicemailFacts, 'callerNumber' | 'messageId'>): string {
  return f.callerNumber ? `caller:${f.callerNumber}` : `voicemail:${f.messageId}`;
}

export function ticketFromVoicemail(f: VoicemailFacts, ctx: { id: string; now: number; sla?: SlaPolicy; wording?: TicketWording }): Changed {
  const wording = ctx.wording ?? DEFAULT_WORDING;
  const words = wordsOf(wording);
  const from = f.callerNumber || undefined;
  return createTicket(
    {
      subject: words.voicemailSubject(from, f.mailbox),
      description: words.voicemailBody({ from, at: centerTime(f.at, wording), mailbox: f.mailbox, flow: f.flow, seconds: f.durationMs === null ? null : Math.round(f.durationMs / 1000), callId: f.callId }),
      customerId: f.customerId,
      teamId: f.teamId,
    },
    { id: ctx.id, now: ctx.now, by: voicemailAuthor(f), sla: ctx.sla ?? DEFAULT_SLA },
  );
}
