/**
 * What the visitor is typing, sent to the agent for a live preview (the `typing` frame's draft,
 * docs/chat-protocol.md): at most one frame per DRAFT_EVERY_MS, and the latest text always goes
 * last (a trailing send), so the preview ends on what the box really holds. One a second keeps a
 * visitor typing for a whole minute at half the socket's frame budget (120 a minute), leaving the
 * rest for their messages. Text past DRAFT_MAX_CHARS is cut (the server refuses a longer draft).
 */

export const DRAFT_EVERY_MS = 1000;
/** CHAT_LIMITS.maxDraftLength (a value import of src/chat/protocol.ts would pull its schemas into the bundle). */
export const DRAFT_MAX_CHARS = 500;

export interface RelayClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The first DRAFT_MAX_CHARS characters, never ending in half a surrogate pair. */
export function capDraft(text: string): string {
  if (text.length <= DRAFT_MAX_CHARS) return text;
  const cut = text.slice(0, DRAFT_MAX_CHARS);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

export class DraftRelay {
  private lastAt = Number.NEGATIVE_INFINITY;
  /** What the agent was last sent: an empty box needs no frame until something was sent. */
  private sent = '';
  private waiting: string | undefined;
  private timer: number | undefined;

  constructor(
    private readonly clock: RelayClock,
    private readonly send: (draft: string) => void,
  ) {}

  /** The box now holds `text` (the whole text, '' when cleared or sent). */
  update(text: string): void {
    this.waiting = capDraft(text);
    const wait = this.lastAt + DRAFT_EVERY_MS - this.clock.now();
    if (wait <= 0) this.flush();
    else
      this.timer ??= this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
  }

  /** The chat ended or the socket changed: nothing pending goes, and the next draft starts afresh. */
  reset(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = undefined;
    this.sent = '';
  }

  private flush(): void {
    const draft = this.waiting;
    this.waiting = undefined;
    if (draft === undefined || draft === this.sent) return;
    this.lastAt = this.clock.now();
    this.sent = draft;
    this.send(draft);
  }
}
