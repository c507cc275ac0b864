/**
 * Private notes and tags of a chat: rules only. A note is written by the agent serving the chat or
 * by a supervisor, is shown in the agent's workspace only and never reaches the visitor: notes are
 * kept apart from the chat's messages (sql/059), which is all the visitor's side ever reads.
 * Tags are free text, normalized so 'VIP ', 'vip' and ' Vip' are one tag.
 */
import { AppError, validationError } from '../core/errors.js';

export const NOTE_MAX = 4000;
export const TAGS_MAX = 20;
export const TAG_MAX_CHARS = 40;

export interface ChatNote {
  id: string;
  chatId: string;
  authorUserId: string;
  authorAgentId: string | null;
  authorName: string;
  text: string;
  /** The highest message seq when it was written: where it sits in the conversation. */
  afterSeq: number;
  at: number;
}

export function checkNoteText(text: string): string {
  const t = text.trim();
  if (t === '' || t.length > NOTE_MAX) throw validationError([{ where: '/text', reason: `1 to ${NOTE_MAX} characters` }]);
  return t;
}

/** Trimmed, inner white space collapsed to one space, lowercase. */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The tags normalized, without duplicates, in the order given; refused naming the bad one. */
export function checkTags(raw: readonly string[]): string[] {
  const out: string[] = [];
  raw.forEach((r, i) => {
    const tag = normalizeTag(r);
    if (tag === '' || tag.length > TAG_MAX_CHARS) throw validationError([{ where: `/tags/${i}`, reason: `1 to ${TAG_MAX_CHARS} characters` }]);
    if (!out.includes(tag)) out.push(tag);
  });
  if (out.length > TAGS_MAX) throw new AppError('CHAT_TAGS_TOO_MANY', undefined, { where: '/tags', max: TAGS_MAX, given: out.length });
  return out;
}
