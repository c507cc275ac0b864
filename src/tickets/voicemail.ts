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

function seconds(ms: number | null): string {
  return ms === null ? 'unknown' : `${Math.round(ms / 1000)} s`;
}

export function ticketFromVoicemail(f: VoicemailFacts, ctx: { id: string; now: number; sla?: SlaPolicy }): Changed {
  const from = f.callerNumber || 'a withheld number';
  const box = f.mailbox ? ` (${f.mailbox})` : '';
  return createTicket(
    {
      subject: `Voicemail${box} from ${from}`,
      description: [
        `Voicemail left by ${from} at ${new Date(f.at).toISOString()}.`,
        `Mailbox: ${f.mailbox || '-'}; flow: ${f.flow}; length: ${seconds(f.durationMs)}; call: ${f.callId}.`,
        'The recording plays from the ticket for those allowed to hear recordings.',
      ].join('\n'),
      customerId: f.customerId,
      teamId: f.teamId,
    },
    { id: ctx.id, now: ctx.now, by: voicemailAuthor(f), sla: ctx.sla ?? DEFAULT_SLA },
  );
}
