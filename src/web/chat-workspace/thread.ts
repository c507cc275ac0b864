/**
 * One chat as the agent's workspace holds it, with pure functions for every change, so a message
 * that arrives twice (the live event and the re-read after a reconnect) shows once, and a line the
 * agent sent stays "sending" until the daemon stored it (its clientId comes back with a seq).
 */
import type { ChatMessage, ChatSummary } from '../api/types.js';

export interface PendingLine {
  clientId: string;
  /** The text, or for an upload the file's name. */
  text: string;
  status: 'sending' | 'failed';
  /** An upload on its way (sent again with the same clientId when the network swallowed it). */
  file?: File;
}

export interface ChatThread {
  summary: ChatSummary;
  /** Stored messages, by seq, each once. */
  messages: ChatMessage[];
  /** Every seq up to this one is held: what a re-read asks to continue after. */
  lastSeq: number;
  /** The agent's own lines not yet stored. */
  pending: PendingLine[];
  /** Visitor messages arrived while another chat was on screen. */
  unread: number;
  /** Epoch ms until which the visitor counts as typing. */
  visitorTypingUntil: number;
  /** What the visitor's box held at their last typing frame ('' when unknown or cleared); never stored. */
  visitorDraft: string;
}

export function newThread(summary: ChatSummary): ChatThread {
  return { summary, messages: [], lastSeq: 0, pending: [], unread: 0, visitorTypingUntil: 0, visitorDraft: '' };
}

/** Adds messages not held yet; a stored line of the agent's own replaces its pending copy. */
export function withMessages(thread: ChatThread, incoming: readonly ChatMessage[], countUnread: boolean): ChatThread {
  const held = new Set(thread.messages.map((m) => m.seq));
  const fresh = incoming.filter((m) => !held.has(m.seq) && (held.add(m.seq), true));
  if (fresh.length === 0) return thread;
  const messages = [...thread.messages, ...fresh].sort((a, b) => a.seq - b.seq);
  const stored = new Set(fresh.map((m) => m.clientId).filter((c): c is string => c !== undefined));
  let lastSeq = thread.lastSeq;
  for (const m of messages) if (m.seq === lastSeq + 1) lastSeq = m.seq;
  const fromVisitor = fresh.filter((m) => m.from === 'visitor').length;
  return {
    ...thread,
    messages,
    lastSeq,
    pending: thread.pending.filter((p) => !stored.has(p.clientId)),
    unread: thread.unread + (countUnread ? fromVisitor : 0),
    // The visitor sent what they were typing.
    visitorTypingUntil: fromVisitor > 0 ? 0 : thread.visitorTypingUntil,
    visitorDraft: fromVisitor > 0 ? '' : thread.visitorDraft,
  };
}

/**
 * A chat.typing from the visitor: typing until `until`, with the draft when the widget sent one.
 * A cleared box (an empty draft) ends the typing mark at once; an old widget sends no draft.
 */
export function withVisitorTyping(thread: ChatThread, draft: string | undefined, until: number): ChatThread {
  if (draft === undefined) return { ...thread, visitorTypingUntil: until };
  if (draft.trim() === '') return { ...thread, visitorTypingUntil: 0, visitorDraft: '' };
  return { ...thread, visitorTypingUntil: until, visitorDraft: draft };
}

export function withPending(thread: ChatThread, line: PendingLine): ChatThread {
  const others = thread.pending.filter((p) => p.clientId !== line.clientId);
  return { ...thread, pending: [...others, line] };
}

export function withFailed(thread: ChatThread, clientId: string): ChatThread {
  return { ...thread, pending: thread.pending.map((p) => (p.clientId === clientId ? { ...p, status: 'failed' as const } : p)) };
}

/** Whether messages are missing below `seq` (a live event skipped ahead): then they are re-read. */
export function hasGapBefore(thread: ChatThread, seq: number): boolean {
  return seq > thread.lastSeq + 1;
}
