import type { Principal } from '../../accounts/principal.js';
import type { DomainEvent, EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import { canSee, matchesTopics } from './event-filter.js';
import { CLOSE_TOO_SLOW, type ServerMessage } from './messages.js';

/**
 * The fan-out of /api/ws: ONE bus subscriber for every socket.
 *
 *   bus.publish(e) ──> pending (push, O(1): the publisher, e.g. the routing service's effect
 *                      loop, never waits for a socket)
 *   next setImmediate: for each pending event, in order
 *       candidate audiences (index: admins, supervisors, by agent id, by led team; `everyone`
 *       events: all) ─ canSee + matchesTopics once per audience ─ serialize once per event
 *       (the frame `{type:'event',event}` is the same bytes for every socket) ─ queue the frame
 *       on each member of the audience
 *   then each socket with queued frames writes them corked (one write to the kernel per batch),
 *   the slow-client rule checked before every frame.
 *
 * An audience is every socket with the same inputs to the visibility rules: role set, agent id,
 * led team ids and subscribed topics. The rules themselves (event-filter.ts) are applied to one
 * member's principal for the whole audience; the index only narrows which audiences are asked.
 *
 * Order: each socket receives events in publish order. Membership changes (a socket joins, leaves
 * or changes its topics) and direct replies (hello, subscribed, pong, error) first deliver what is
 * pending, so an event is judged by the membership in force when it was published, and a reply
 * never overtakes an event published before the request was read, as when delivery was
 * synchronous.
 *
 * Bounds: a delivery slice queues at most `sliceFrames` frames before writing and yielding the
 * event loop (a burst to thousands of sockets does not hold calls and HTTP for long). Per socket
 * the buffer is the socket's own (ws + kernel), bounded by the slow-client rule: a socket with more
 * than `maxBufferedBytes` unsent is closed with 1013 and leaves the hub; the others are unaffected.
 * A client that keeps up loses nothing.
 */

/** What the hub needs of a socket (event-socket.ts wraps a `ws` WebSocket; tests pass fakes). */
export interface HubSocket {
  isOpen(): boolean;
  /** Bytes accepted for sending but not yet handed to the kernel. */
  bufferedAmount(): number;
  /** Sends one text frame. */
  write(frame: Buffer): void;
  close(code: number, reason: string): void;
  /** Optional: hold writes so a batch of frames reaches the kernel in one write. */
  cork?(): void;
  uncork?(): void;
}

export interface EventHubOptions {
  bus: EventBus;
  logger: Logger;
  /** A socket with more than this unsent is too slow and is closed with 1013 (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Runs delivery later, outside the publisher's call (default setImmediate). */
  schedule?: (fn: () => void) => void;
  /** Frames queued per delivery slice before writing and yielding (default 4096). */
  sliceFrames?: number;
}

export interface HubStats {
  /** Events the hub took from the bus (none are taken while no socket is connected). */
  events: number;
  /** Events serialized: at most one per event, none for an event nobody may see. */
  serializations: number;
  /** Event frames handed to sockets. */
  framesSent: number;
  /** Sockets closed for being too slow. */
  cutOff: number;
  members: number;
  audiences: number;
  /** Events published and not yet delivered. */
  pending: number;
}

interface Audience {
  key: string;
  principal: Principal;
  topics: ReadonlySet<string>;
  members: Set<HubMember>;
  /** The last event (delivery stamp) this audience was considered for: de-duplicates the index. */
  stamp: number;
}

/** One socket's place in the hub. */
export class HubMember {
  /** @internal */ audience: Audience | undefined;
  /** @internal frames queued in the current delivery slice */ queue: Buffer[] = [];
  /** @internal */ dirty = false;
  private left = false;

  constructor(
    private readonly hub: EventHub,
    readonly socket: HubSocket,
    private currentPrincipal: Principal,
    private currentTopics: ReadonlySet<string>,
  ) {}

  get principal(): Principal {
    return this.currentPrincipal;
  }
  get topics(): ReadonlySet<string> {
    return this.currentTopics;
  }
  get active(): boolean {
    return !this.left;
  }

  /** Replaces the topic set: events published from now on are filtered by it. */
  setTopics(topics: ReadonlySet<string>): void {
    this.currentTopics = topics;
    this.hub.regroup(this);
  }

  /** The session's principal changed (roles, agent, led teams): visibility follows from now on. */
  setPrincipal(principal: Principal): void {
    const before = audienceKey(this.currentPrincipal, this.currentTopics);
    this.currentPrincipal = principal;
    if (audienceKey(principal, this.currentTopics) !== before) this.hub.regroup(this);
  }

  /** A reply to this socket alone; events published before it are delivered first. */
  send(msg: ServerMessage): void {
    this.hub.drain();
    if (this.left || !this.socket.isOpen()) return;
    if (this.hub.tooSlow(this)) return;
    this.socket.write(Buffer.from(JSON.stringify(msg)));
  }

  /** The socket closed: no more deliveries. Idempotent. */
  leave(): void {
    if (this.left) return;
    this.left = true;
    this.queue = [];
    this.hub.detach(this);
  }
}

export class EventHub {
  private readonly maxBuffered: number;
  private readonly schedule: (fn: () => void) => void;
  private readonly sliceFrames: number;
  private readonly log: Logger;
  private readonly unsubscribe: () => void;

  private pending: DomainEvent[] = [];
  private head = 0;
  private scheduled = false;
  private delivering = false;
  private stamp = 0;
  private dirty: HubMember[] = [];
  private memberCount = 0;

  private readonly audiences = new Map<string, Audience>();
  private readonly admins = new Set<Audience>();
  private readonly supervisors = new Set<Audience>();
  private readonly byAgent = new Map<string, Set<Audience>>();
  private readonly byTeam = new Map<string, Set<Audience>>();

  private readonly counters = { events: 0, serializations: 0, framesSent: 0, cutOff: 0 };

  constructor(options: EventHubOptions) {
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.schedule = options.schedule ?? ((fn) => void setImmediate(fn));
    this.sliceFrames = Math.max(1, options.sliceFrames ?? 4096);
    this.log = options.logger;
    this.unsubscribe = options.bus.subscribe((event) => this.onEvent(event));
  }

  /** Adds a socket; it receives the events published from now on that it may see. */
  add(socket: HubSocket, principal: Principal, topics: ReadonlySet<string>): HubMember {
    this.drain();
    const member = new HubMember(this, socket, principal, topics);
    this.attach(member);
    this.memberCount++;
    return member;
  }

  /** Delivers everything pending now (membership changes and direct replies call this first). */
  drain(): void {
    if (this.delivering) return;
    while (this.head < this.pending.length) this.deliver(Number.POSITIVE_INFINITY);
  }

  stats(): HubStats {
    return { ...this.counters, members: this.memberCount, audiences: this.audiences.size, pending: this.pending.length - this.head };
  }

  /** Stops listening to the bus (server shutdown); pending events are dropped. */
  close(): void {
    this.unsubscribe();
    this.pending = [];
    this.head = 0;
  }

  private onEvent(event: DomainEvent): void {
    // Nobody to deliver to: a socket that joins later must not see this event anyway.
    if (this.memberCount === 0) return;
    this.pending.push(event);
    this.counters.events++;
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.tick);
    }
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    if (!this.delivering) this.deliver(this.sliceFrames);
    if (this.head < this.pending.length && !this.scheduled) {
      this.scheduled = true;
      this.schedule(this.tick);
    }
  };

  /** Fans out pending events until `budget` frames are queued, then writes them. */
  private deliver(budget: number): void {
    this.delivering = true;
    try {
      let frames = 0;
      while (this.head < this.pending.length && frames < budget) {
        const event = this.pending[this.head] as DomainEvent;
        this.head++;
        frames += this.fanOut(event);
      }
      if (this.head >= this.pending.length) {
        this.pending = [];
        this.head = 0;
      } else if (this.head > 4096) {
        this.pending = this.pending.slice(this.head);
        this.head = 0;
      }
      this.writeQueued();
    } finally {
      this.delivering = false;
    }
  }

  private fanOut(event: DomainEvent): number {
    const stamp = ++this.stamp;
    const scope = event.scope;
    const frame: { bytes?: Buffer } = {};
    let queued = 0;
    if (scope.adminOnly) {
      for (const a of this.admins) queued += this.offer(a, event, stamp, frame);
      return queued;
    }
    if (scope.everyone) {
      for (const a of this.audiences.values()) queued += this.offer(a, event, stamp, frame);
      return queued;
    }
    for (const a of this.admins) queued += this.offer(a, event, stamp, frame);
    for (const a of this.supervisors) queued += this.offer(a, event, stamp, frame);
    if (scope.agentId !== undefined) {
      const own = this.byAgent.get(scope.agentId);
      if (own) for (const a of own) queued += this.offer(a, event, stamp, frame);
    }
    if (scope.teamIds) {
      for (const team of scope.teamIds) {
        const leads = this.byTeam.get(team);
        if (leads) for (const a of leads) queued += this.offer(a, event, stamp, frame);
      }
    }
    return queued;
  }

  /** Queues the event's frame on every member of the audience if the audience may see it. */
  private offer(a: Audience, event: DomainEvent, stamp: number, frame: { bytes?: Buffer }): number {
    if (a.stamp === stamp) return 0;
    a.stamp = stamp;
    if (!matchesTopics(a.topics, event.type) || !canSee(a.principal, event)) return 0;
    if (frame.bytes === undefined) {
      frame.bytes = Buffer.from(JSON.stringify({ type: 'event', event } satisfies ServerMessage));
      this.counters.serializations++;
    }
    for (const m of a.members) {
      m.queue.push(frame.bytes);
      if (!m.dirty) {
        m.dirty = true;
        this.dirty.push(m);
      }
    }
    return a.members.size;
  }

  private writeQueued(): void {
    const members = this.dirty;
    this.dirty = [];
    for (const m of members) {
      const frames = m.queue;
      m.queue = [];
      m.dirty = false;
      if (!m.active) continue;
      try {
        this.write(m, frames);
      } catch (err) {
        // One broken socket must not stop the others' delivery.
        this.log.warn({ err, userId: m.principal.userId }, 'event socket write failed');
      }
    }
  }

  private write(m: HubMember, frames: Buffer[]): void {
    const socket = m.socket;
    if (!socket.isOpen()) return;
    // Corked in runs of 64 frames: one kernel write per run, and bufferedAmount still tells
    // unsent data from data merely held back for this batch.
    let run = 0;
    try {
      for (const frame of frames) {
        if (this.tooSlow(m)) return;
        if (run === 0) socket.cork?.();
        socket.write(frame);
        this.counters.framesSent++;
        if (++run === 64) {
          run = 0;
          socket.uncork?.();
        }
      }
    } finally {
      if (run > 0) socket.uncork?.();
    }
  }

  /** @internal The slow-client rule; a socket over the limit is closed and leaves the hub. */
  tooSlow(m: HubMember): boolean {
    const buffered = m.socket.bufferedAmount();
    if (buffered <= this.maxBuffered) return false;
    this.log.warn({ buffered, userId: m.principal.userId }, 'event socket too slow, closing');
    this.counters.cutOff++;
    m.leave();
    m.socket.close(CLOSE_TOO_SLOW, 'Too slow to keep up');
    return true;
  }

  /** @internal */
  regroup(m: HubMember): void {
    if (!m.active) return;
    this.drain();
    this.removeFromAudience(m);
    this.attach(m);
  }

  /** @internal */
  detach(m: HubMember): void {
    this.removeFromAudience(m);
    this.memberCount--;
  }

  private attach(m: HubMember): void {
    const key = audienceKey(m.principal, m.topics);
    let a = this.audiences.get(key);
    if (!a) {
      a = { key, principal: m.principal, topics: m.topics, members: new Set(), stamp: 0 };
      this.audiences.set(key, a);
      this.index(a, true);
    }
    a.members.add(m);
    m.audience = a;
  }

  private removeFromAudience(m: HubMember): void {
    const a = m.audience;
    if (!a) return;
    m.audience = undefined;
    a.members.delete(m);
    if (a.members.size === 0) {
      this.audiences.delete(a.key);
      this.index(a, false);
    }
  }

  /**
   * Which events an audience is asked about: every case where canSee can say yes is covered
   * (admin: all; supervisor: all but adminOnly; the agent's own events; a lead's teams; and
   * `everyone` events go to all audiences), so the index never hides an event the rules allow.
   */
  private index(a: Audience, add: boolean): void {
    const roles = a.principal.roles;
    if (roles.includes('admin')) return void toggle(this.admins, a, add);
    if (roles.includes('supervisor')) return void toggle(this.supervisors, a, add);
    if (a.principal.agentId !== undefined) toggleIn(this.byAgent, a.principal.agentId, a, add);
    if (roles.includes('team_lead')) for (const t of a.principal.ledTeamIds) toggleIn(this.byTeam, t, a, add);
  }
}

/** Everything canSee and matchesTopics read, normalized (they treat the lists as sets). */
export function audienceKey(p: Principal, topics: ReadonlySet<string>): string {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  return JSON.stringify([sorted(p.roles), p.agentId ?? null, sorted(p.ledTeamIds), sorted(topics)]);
}

function toggle(set: Set<Audience>, a: Audience, add: boolean): void {
  if (add) set.add(a);
  else set.delete(a);
}

function toggleIn(map: Map<string, Set<Audience>>, key: string, a: Audience, add: boolean): void {
  let set = map.get(key);
  if (!set) {
    if (!add) return;
    set = new Set();
    map.set(key, set);
  }
  toggle(set, a, add);
  if (set.size === 0) map.delete(key);
}
