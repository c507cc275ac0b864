/**
 * Watches the floor for the status strips, the wallboard and the alerts (issue 11). Soon after an
 * agent, call, contact, IVR or configuration event (a burst of them costs one count), and once a
 * tick (default 1 s, on the injected clock) while somebody waits (a wait grows without any event;
 * nothing else does), it counts the floor (floor-indicators.ts) and:
 *
 * - publishes `floor.changed` when an indicator or a queue figure changed: at once to supervisors,
 *   admins and the wall displays, and at most once a second to everyone else (agents' and team
 *   leads' strips; thousands of toolbars need not follow every count). A wait growing by the
 *   second is not a change (pages run the clock themselves from `at`); a wait starting, ending or
 *   crossing a threshold is.
 * - evaluates each audience's thresholds (indicators.ts pastThresholds) and publishes one
 *   `floor.alert` per crossing: `raised` when an indicator goes past its threshold, `cleared` when
 *   it comes back; a recount that changes nothing publishes nothing.
 *
 * Who sees which alert: the floor counts a team lead sees are their teams' (the console scopes
 * them), so team-lead thresholds are evaluated per team and scoped to that team's leads. Agents'
 * thresholds are evaluated on the whole center and seen by everyone (agents see center figures);
 * supervisors' by supervisors and admins; admins' and the wallboard's by admins (and the wall
 * displays, whose sockets get floor events only).
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { EventBus, EventScope, FloorQueueFigures } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { floorCounts } from './floor-indicators.js';
import { chatValues } from './floor-chat.js';
import { centerInput, chatInput, teamInputs, type FloorSnapshot, type TeamFloor } from './floor-scope.js';
import { alertChanges, indicatorValues, pastThresholds, type Audience, type IndicatorValues, type PastThreshold, type Thresholds } from './indicators.js';

export interface FloorWatchDeps {
  clock: Clock;
  bus: EventBus;
  log: Logger;
  snapshot(): FloorSnapshot;
  queues(): FloorQueueFigures[];
  thresholds(audience: Audience): Thresholds;
  tickMs?: number;
  /**
   * Default 50 ms: counts are at least this far apart. The first event after a quiet spell is
   * counted at once; a busy floor (a thousand changes a second) is counted every 50 ms and each
   * count covers every change since the last, so a figure is never older than this plus one count.
   */
  minIntervalMs?: number;
  /** Default 1 s: how often agents' and team leads' strips get the figures (staff: every count). */
  everyoneEveryMs?: number;
}

/** Events after which the floor may look different (a threshold change included). */
const RECOUNT_ON = /^(agent|call|contact|ivr|config)\./;

const CENTER_AUDIENCES: { audience: Audience; scope: EventScope }[] = [
  { audience: 'agent', scope: { everyone: true } },
  { audience: 'supervisor', scope: {} },
  { audience: 'admin', scope: { adminOnly: true } },
  { audience: 'wallboard', scope: { adminOnly: true } },
];

/** What counts as a change worth a `floor.changed`: everything but the exact length of a wait. */
function shape(values: IndicatorValues, chat: IndicatorValues, queues: FloorQueueFigures[]): string {
  return JSON.stringify([{ ...values, longestWait: values.longestWait > 0 }, { ...chat, longestWait: chat.longestWait > 0 }, queues.map((q) => ({ ...q, longestWaitMs: q.longestWaitMs > 0 }))]);
}

export class FloorWatch {
  private tick: TimerHandle | undefined;
  private soon: TimerHandle | undefined;
  private last = '';
  private lastCountAt = Number.NEGATIVE_INFINITY;
  private lastEveryoneAt = Number.NEGATIVE_INFINITY;
  private everyoneTimer: TimerHandle | undefined;
  /** Figures changed since the last publication for everyone. */
  private forEveryone: { values: IndicatorValues; chat: IndicatorValues; queues: FloorQueueFigures[] } | undefined;
  /** Alerts in force, by audience (team leads: `team_lead/<teamId>`). */
  private readonly alerts = new Map<string, PastThreshold[]>();
  private running = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: FloorWatchDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.deps.bus.subscribe((e) => {
      if (RECOUNT_ON.test(e.type)) this.countSoon();
    });
    this.countSoon();
  }

  stop(): void {
    this.running = false;
    this.unsubscribe?.();
    this.deps.clock.clearTimeout(this.tick);
    this.deps.clock.clearTimeout(this.soon);
    this.deps.clock.clearTimeout(this.everyoneTimer);
    this.tick = this.soon = this.everyoneTimer = undefined;
  }

  /** One count after the current burst of events (they arrive together: one count for all). */
  private countSoon(): void {
    if (this.soon !== undefined || !this.running) return;
    const wait = Math.max(0, this.lastCountAt + (this.deps.minIntervalMs ?? 50) - this.deps.clock.now());
    this.soon = this.deps.clock.setTimeout(() => {
      this.soon = undefined;
      this.safely();
    }, wait);
  }

  private safely(): void {
    let waiting = true;
    try {
      waiting = this.recount();
    } catch (err) {
      this.deps.log.error({ err }, 'floor watch: the recount failed; trying again next tick');
    }
    // Only a wait grows with no event at all: tick while somebody waits, sleep otherwise.
    this.deps.clock.clearTimeout(this.tick);
    this.tick = waiting && this.running ? this.deps.clock.setTimeout(() => this.safely(), this.deps.tickMs ?? 1000) : undefined;
  }

  /** One count of the floor: what changed is published. True while somebody waits. */
  recount(): boolean {
    const { bus, clock } = this.deps;
    const at = clock.now();
    this.lastCountAt = at;
    const snapshot = this.deps.snapshot();
    const values = indicatorValues(floorCounts(centerInput(snapshot)));
    const chat = chatValues(chatInput(snapshot));
    const queues = this.deps.queues();

    for (const { audience, scope } of CENTER_AUDIENCES) this.evaluate(audience, null, scope, { voice: values, chat });
    const teams = teamInputs(snapshot);
    const waitingChats = snapshot.waitingChats ?? [];
    for (const teamId of [...teams.keys()].sort()) {
      const input = teams.get(teamId) as TeamFloor;
      const teamValues = indicatorValues(floorCounts(input));
      // The team's chats: its agents, and chats waiting in queues they serve (few: filtered per team).
      const queues = new Set(input.agents.flatMap((a) => a.queueIds));
      const teamChat = chatValues({ now: at, agents: input.agents, waiting: waitingChats.filter((w) => queues.has(w.queueId)) });
      this.evaluate('team_lead', teamId, { teamIds: [teamId] }, { voice: teamValues, chat: teamChat });
    }

    const now = shape(values, chat, queues);
    if (now !== this.last) {
      this.last = now;
      bus.publish({ type: 'floor.changed', at, scope: {}, values, chat, queues });
      this.forEveryone = { values, chat, queues };
      this.publishForEveryone();
    }
    return values.waiting > 0 || chat.waiting > 0 || queues.some((q) => q.waiting > 0);
  }

  /**
   * The same figures for agents' and team leads' strips, at most once per `everyoneEveryMs`: a
   * thousand toolbars need not follow the floor every 50 ms. The latest figures always go out: a
   * change inside the pause is sent when it ends.
   */
  private publishForEveryone(): void {
    if (this.everyoneTimer !== undefined || !this.forEveryone) return;
    const { clock, bus } = this.deps;
    const wait = this.lastEveryoneAt + (this.deps.everyoneEveryMs ?? 1000) - clock.now();
    if (wait > 0) {
      this.everyoneTimer = clock.setTimeout(() => {
        this.everyoneTimer = undefined;
        this.publishForEveryone();
      }, wait);
      return;
    }
    const figures = this.forEveryone;
    this.forEveryone = undefined;
    this.lastEveryoneAt = clock.now();
    bus.publish({ type: 'floor.changed', at: clock.now(), scope: { everyone: true, exceptStaff: true }, ...figures });
  }

  private evaluate(audience: Audience, teamId: string | null, scope: EventScope, values: { voice: IndicatorValues; chat: IndicatorValues }): void {
    const key = teamId === null ? audience : `${audience}/${teamId}`;
    const before = this.alerts.get(key) ?? [];
    const after = pastThresholds(values, this.deps.thresholds(audience));
    const { raised, cleared } = alertChanges(before, after);
    const at = this.deps.clock.now();
    const publish = (a: PastThreshold, state: 'raised' | 'cleared', value: number) =>
      this.deps.bus.publish({ type: 'floor.alert', at, scope, audience, teamId, indicator: a.indicator, media: a.media, state, value, threshold: a.threshold });
    for (const a of raised) publish(a, 'raised', a.value);
    for (const a of cleared) publish(a, 'cleared', values[a.media][a.indicator]);
    if (after.length === 0) this.alerts.delete(key);
    else this.alerts.set(key, after);
  }
}
