/**
 * The messages a chat shows, as a pure reducer, so a dropped connection can neither lose nor
 * double a message on the screen:
 *
 *   - a line the visitor writes is added at once with a client id, status 'sending';
 *   - its ack (client id -> server seq) turns it 'sent'; an ack for an unknown or already acked
 *     client id changes nothing (a resend after a reconnect is acked again by the server's dedupe);
 *   - a message from the server (history replay on resume, or live) is keyed by its seq: a seq
 *     already shown is ignored; one that carries a client id of a pending line acks that line.
 *
 * Lines keep the order they were shown in; server lines after the last shown seq are appended.
 *
 * `lastSeq` is a watermark: every seq up to it was seen. A resume asks for what follows it, so a
 * message still on its way when the connection dropped (say seq 4, while the ack of our own seq 5
 * arrived) is replayed rather than skipped; anything replayed twice is dropped by its seq.
 */
import type { ArticleCard, AssistNote, BotSay, ChatAttachment } from '../../chat/protocol.js';

export type Author = 'visitor' | 'agent' | 'system' | 'bot';

export interface Line {
  /** Stable key for rendering: `c:<clientId>` for own lines, `s:<seq>` for the others. */
  key: string;
  clientId?: string;
  seq?: number;
  author: Author;
  /** The agent's display name on agent lines. */
  name?: string;
  text: string;
  /** An upload: the stored attachment (an own upload on its way has `uploading` with its name instead). */
  attachment?: ChatAttachment;
  uploading?: boolean;
  /** An article card (agent or bot). */
  card?: ArticleCard;
  /** A bot line: shown in the visitor's language from this key. */
  bot?: BotSay;
  /** A screen share's note: shown in the visitor's language. */
  assist?: AssistNote;
  /** failed: the server refused it with a coded error (too long, chat closed): never resent. */
  status: 'sending' | 'sent' | 'failed';
}

export interface Timeline {
  lines: Line[];
  /** Every seq up to this one was seen: what a resume asks to continue after. */
  lastSeq: number;
  /** Seqs seen above the watermark (a gap below them is still to come). */
  ahead: number[];
}

export const EMPTY_TIMELINE: Timeline = { lines: [], lastSeq: 0, ahead: [] };

export type TimelineAction =
  | { type: 'written'; clientId: string; text: string; uploading?: boolean }
  | { type: 'acked'; clientId: string; seq: number; attachment?: ChatAttachment }
  | { type: 'failed'; clientId: string }
  | { type: 'received'; seq: number; author: Author; text: string; clientId?: string; name?: string; attachment?: ChatAttachment; card?: ArticleCard; bot?: BotSay; assist?: AssistNote }
  /** A seq the server spent on something that is not a line (an assignment, the end). */
  | { type: 'seen'; seq: number }
  | { type: 'reset' };

export function timelineReducer(state: Timeline, action: TimelineAction): Timeline {
  switch (action.type) {
    case 'written':
      if (state.lines.some((l) => l.clientId === action.clientId)) return state;
      return { ...state, lines: [...state.lines, { key: `c:${action.clientId}`, clientId: action.clientId, author: 'visitor', text: action.text, status: 'sending', ...(action.uploading ? { uploading: true } : {}) }] };
    case 'acked':
      return ack(state, action.clientId, action.seq, action.attachment);
    case 'failed':
      return { ...state, lines: state.lines.map((l) => (l.clientId === action.clientId && l.status === 'sending' ? { ...l, status: 'failed' as const } : l)) };
    case 'received': {
      if (state.lines.some((l) => l.seq === action.seq)) return seen(state, action.seq);
      if (action.clientId !== undefined && state.lines.some((l) => l.clientId === action.clientId)) return ack(state, action.clientId, action.seq, action.attachment);
      const line: Line = {
        key: action.clientId !== undefined ? `c:${action.clientId}` : `s:${action.seq}`,
        seq: action.seq,
        author: action.author,
        text: action.text,
        status: 'sent',
        ...(action.clientId !== undefined ? { clientId: action.clientId } : {}),
        ...(action.name !== undefined ? { name: action.name } : {}),
        ...(action.attachment !== undefined ? { attachment: action.attachment } : {}),
        ...(action.card !== undefined ? { card: action.card } : {}),
        ...(action.bot !== undefined ? { bot: action.bot } : {}),
        ...(action.assist !== undefined ? { assist: action.assist } : {}),
      };
      return seen({ ...state, lines: [...state.lines, line] }, action.seq);
    }
    case 'seen':
      return seen(state, action.seq);
    case 'reset':
      return EMPTY_TIMELINE;
  }
}

function ack(state: Timeline, clientId: string, seq: number, attachment?: ChatAttachment): Timeline {
  let changed = false;
  const lines = state.lines.map((l) => {
    if (l.clientId !== clientId || (l.status === 'sent' && (l.attachment || !attachment))) return l;
    changed = true;
    const { uploading: _done, ...rest } = l;
    return { ...rest, seq, status: 'sent' as const, ...(attachment ? { attachment } : {}) };
  });
  return seen(changed ? { ...state, lines } : state, seq);
}

/** Moves the watermark over seq and over every seq above it that was already seen. */
function seen(state: Timeline, seq: number): Timeline {
  if (seq <= state.lastSeq || state.ahead.includes(seq)) return state;
  const ahead = [...state.ahead, seq].sort((a, b) => a - b);
  let lastSeq = state.lastSeq;
  while (ahead[0] === lastSeq + 1) lastSeq = ahead.shift() as number;
  return { ...state, lastSeq, ahead };
}

/** The visitor's lines not yet acknowledged, oldest first: what is (re)sent after every (re)connect. */
export function unacked(state: Timeline): Line[] {
  return state.lines.filter((l) => l.status === 'sending' && !l.uploading);
}
