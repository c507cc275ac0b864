/**
 * The toolbar's model: the agent's desk (/api/agent/desk), their live call (/api/calls/mine), the
 * screen-pop of a ringing call and today's figures. REST is the truth; events from /api/ws only
 * say *when* to re-read (and carry the screen-pop's first facts before the read returns). After a
 * reconnect (daemon restart, network drop) everything is re-read, so the page shows the true
 * state without a reload and an offer that still rings is shown again.
 */
import { computed, signal } from '@preact/signals';
import type { AgentDirectory, AgentToday, Desk, DomainEvent, EventOf, LiveCall, ScreenPop } from '../api/types.js';
import { coalesced } from '../api/coalesce.js';
import { agent, calls } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { isApiError } from '../api/http.js';
import { noteServerTime } from '../api/server-clock.js';
import { reportError } from '../kit/toast-store.js';
import { roleOf } from './call-abilities.js';
import type { CallUses, KbPanelView } from './call-kb.js';

export type CallOffered = EventOf<'call.offered'>;

const POP_RETRY_MS = 1500;
/** How long after asking to dial a call ringing on the browser phone counts as the agent's own leg. */
const DIAL_BACK_WINDOW_MS = 30_000;

/** What the agent last talked on, for the wrap-up's outcome and note. */
export interface LastCall {
  id: string;
  from: string;
  to: string;
  direction: 'inbound' | 'outbound';
  callerName: string;
}

export class DeskStore {
  readonly desk = signal<Desk | null>(null);
  readonly call = signal<LiveCall | null>(null);
  readonly today = signal<AgentToday | null>(null);
  /** The daemon has no /api/agent/today (an older daemon): the figures are hidden, not an error. */
  readonly todayMissing = signal(false);
  /** call.offered of the ringing call: the screen-pop's facts before /pop answers. */
  readonly offered = signal<CallOffered | null>(null);
  readonly pop = signal<ScreenPop | null>(null);
  readonly lastCall = signal<LastCall | null>(null);
  readonly loaded = signal(false);
  /** The colleagues and queues as last read for a transfer (names for a consultation's target). */
  readonly directory = signal<AgentDirectory | null>(null);
  /** Knowledge-base articles the agent marked as used, per call (call-kb.ts): kept from the call into its wrap-up. */
  readonly kbUses = signal<CallUses>([]);
  /**
   * What the knowledge-base panel shows for a call (the search, the open article): kept here, not in
   * the panel, because the panel is gone for a moment between the call's end and its wrap-up.
   */
  readonly kbView = signal<KbPanelView | null>(null);

  /** An incoming call or contact is waiting for this agent's answer. */
  readonly ringing = computed(() => {
    const d = this.desk.value;
    const c = this.call.value;
    if ((d?.offers.length ?? 0) > 0) return true;
    if (!c) return false;
    const role = roleOf(c, this.agentId);
    if (role === 'offered') return true;
    if (role === 'consulted') return !c.legs.some((l) => l.agentId === this.agentId && l.role === 'consult' && l.answeredAt !== undefined);
    return false;
  });

  private popFor: string | undefined;
  /** When this page last asked the daemon to dial (click-to-dial rings the agent's own phone first). */
  private dialAskedAt: number | undefined;
  private readonly popRetried = new Set<string>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    readonly agentId: string,
    private readonly stream: EventStream,
  ) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({
      resync: () => void this.resync(),
      event: (e) => this.onEvent(e),
    });
    // Read now, not only on the stream's hello: a network that blocks WebSockets must still show
    // the desk (without live updates, which the header then says are missing).
    void this.resync();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  noteDialAsked(asked: boolean): void {
    this.dialAskedAt = asked ? Date.now() : undefined;
  }

  /**
   * Whether a call ringing on the agent's browser phone now is their own leg of a call they just
   * dialed: the call says so once read; in the instant before the dial request answers, the
   * request itself does.
   */
  isOwnDialBack(): boolean {
    const c = this.call.value;
    if (c) return c.direction === 'outbound' && c.state === 'dialing_agent' && c.agentId === this.agentId;
    return this.dialAskedAt !== undefined && Date.now() - this.dialAskedAt < DIAL_BACK_WINDOW_MS;
  }

  /** Reads the directory once if no transfer read it yet (a consulted agent's card names who calls). */
  async ensureDirectory(): Promise<void> {
    if (this.directory.value) return;
    try {
      this.directory.value = await agent.directory();
    } catch (err) {
      reportError('transfer.loadDirectory', err);
    }
  }

  /** Everything again, e.g. after a reconnect. */
  async resync(): Promise<void> {
    await Promise.all([this.refreshDesk(), this.refreshCall(), this.refreshToday()]);
    this.loaded.value = true;
  }

  readonly refreshDesk = coalesced(async () => {
    try {
      const sentAt = Date.now();
      const desk = await agent.desk();
      noteServerTime(desk.serverTime, sentAt, Date.now());
      this.desk.value = desk;
    } catch (err) {
      reportError('toolbar.loadDesk', err);
    }
  });

  readonly refreshCall = coalesced(async () => {
    try {
      const { call } = await calls.mine();
      const before = this.call.value;
      if (before && (!call || call.id !== before.id)) this.rememberLast(before);
      this.call.value = call;
      if (call) this.rememberLast(call);
      await this.refreshPop(call);
    } catch (err) {
      reportError('toolbar.loadCall', err);
    }
  });

  readonly refreshToday = coalesced(async () => {
    if (this.todayMissing.value) return;
    try {
      this.today.value = await agent.today();
    } catch (err) {
      if (isApiError(err, 'NOT_FOUND')) {
        console.info('this daemon has no /api/agent/today: the day figures are hidden', err);
        this.todayMissing.value = true;
      } else reportError('toolbar.loadToday', err);
    }
  });

  /** Reads the full screen-pop once per call while it rings or is talked on; the event's facts show meanwhile. */
  private async refreshPop(call: LiveCall | null): Promise<void> {
    if (!call) {
      this.popFor = undefined;
      return;
    }
    if (this.popFor === call.id) return;
    this.popFor = call.id;
    if (this.pop.value?.callId !== call.id) this.pop.value = null;
    try {
      this.pop.value = await calls.pop(call.id);
    } catch (err) {
      // Without the screen-pop the call still works: the facts of call.offered and the call stay
      // shown. A pop asked for in the instant the phone starts ringing may not be readable yet:
      // it is asked once more a moment later (any other failure is said once, not retried).
      if (isApiError(err, 'NOT_FOUND')) {
        this.popFor = undefined;
        console.info('no screen-pop for the call yet, asking again shortly', call.id, err);
        if (!this.popRetried.has(call.id)) {
          this.popRetried.add(call.id);
          window.setTimeout(() => {
            if (this.call.value?.id === call.id) void this.refreshPop(this.call.value);
          }, POP_RETRY_MS);
        }
      } else reportError('toolbar.loadPop', err);
    }
  }

  private rememberLast(call: LiveCall): void {
    if (roleOf(call, this.agentId) !== 'talking') return;
    this.lastCall.value = { id: call.id, from: call.from, to: call.to, direction: call.direction, callerName: call.callerName ?? '' };
  }

  private onEvent(e: DomainEvent): void {
    const mine = 'agentId' in e && e.agentId === this.agentId;
    const current = this.call.value?.id;
    switch (e.type) {
      case 'agent.state_changed':
      case 'agent.logged_in':
      case 'agent.logged_out':
        if (mine) {
          void this.refreshDesk();
          if (e.type === 'agent.state_changed' && (e.to === 'wrap_up' || e.from === 'wrap_up' || e.to === 'available')) void this.refreshToday();
        }
        break;
      case 'contact.offered':
      case 'contact.offer_withdrawn':
      case 'contact.accepted':
      case 'contact.rejected':
      case 'contact.no_answer':
        if (mine) {
          void this.refreshDesk();
          void this.refreshCall();
        }
        break;
      case 'call.offered':
        if (mine) {
          this.offered.value = e;
          void this.refreshCall();
        }
        break;
      case 'call.state_changed':
        // Every step of a call this agent is on, whoever took it (the consulted colleague's answer,
        // their own phone picking up on click-to-dial): the call is read again, never polled.
        if (e.agentIds.includes(this.agentId) || e.callId === current) {
          void this.refreshCall();
          if (e.to === 'ended') void this.refreshDesk();
        }
        break;
      case 'call.answered':
      case 'call.held':
      case 'call.resumed':
      case 'call.transferred':
      case 'call.conference_started':
      case 'call.recording_started':
      case 'call.recording_stopped':
      case 'call.ended':
        if (mine || e.callId === current || e.callId === this.offered.value?.callId) {
          void this.refreshCall();
          if (e.type === 'call.ended' || e.type === 'call.transferred') {
            void this.refreshDesk();
            void this.refreshToday();
          }
        }
        break;
      default:
        break;
    }
  }
}
