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
 *   delivery, outside the publisher's call (setImmediate; under a stream of events at most every
 *   `coalesceMs`, so a socket gets one write per batch rather than one per event):
 *     for each pending event, in order:
 *       candidate audiences (index: admins, supervisors, by agent id, by led team; `everyone`
 *       events: all) ─ canSee + matchesTopics once per audience ─ the event encoded once
 *       (`{type:'event',event}` is the same bytes for every socket, WebSocket frame header
 *       included) ─ appended to the batch of each audience that may see it
 *     then each audience's batch is joined once and written to each member in one write.
 *
 * An audience is every socket with the same inputs to the visibility rules: role set, agent id,
 * led team ids and subscribed topics, so its members receive exactly the same bytes. The rules
 * themselves (event-filter.ts) are applied to one member's principal for the whole audience; the
 * index only narrows which audiences are asked.
 *
 * Order: each socket receives events in publish order. Membership changes (a socket joins, leaves
 * or changes its topics) and direct replies (hello, subscribed, pong, error) first deliver what is
 * pending, so an event is judged by the membership in force when it was published, and a reply
 * never overtakes an event published before the request was read, as when delivery was
 * synchronous.
 *
 * Bounds: a delivery slice queues at most `sliceFrames` frames (summed over sockets) before
 * writing and yielding the event loop, so a burst to thousands of sockets does not hold calls and
 * HTTP for long. Per socket the buffer is the socket's own (ws + kernel), bounded by the
 * slow-client rule checked before every write: a socket with more than `maxBufferedBytes` unsent
 * is closed with 1013 and leaves the hub; the others are unaffected. A client that keeps up
 * loses nothing.
 */

/** What the hub needs of a socket (event-socket.ts wraps a `ws` WebSocket; tests pass fakes). */
export interface HubSocket {
  isOpen(): boolean;
  /** Bytes accepted for sending but not yet handed to the kernel. */
  bufferedAmount(): number;
  /** Sends one text message (its payload; the socket frames it). */
  send(payload: Buffer): void;
  /**
   * When present: writes bytes that are already complete WebSocket frames (several, joined) in
   * one write. Only offered where no extension changes the framing.
   */
  writeFrames?(frames: Buffer): void;
  close(code: number, reason: string): void;
}

export interface EventHubOptions {
  bus: EventBus;
  logger: Logger;
  /** A socket with more than this unsent is too slow and is closed with 1013 (default 1 MiB). */
  maxBufferedBytes?: number;
  /**
   * Runs delivery later, outside the publisher's call: after `delayMs` (default: setImmediate
   * when 0, else setTimeout).
   */
  schedule?: (fn: () => void, delayMs: number) => void;
  /** Deliveries are at least this far apart (default 10 ms): a lone event leaves at once, a stream in batches. */
  coalesceMs?: number;
  /** Monotonic milliseconds for the coalescing (default performance.now). */
  now?: () => number;
  /** Frames queued per delivery slice before writing and yielding (default 20,000). */
  sliceFrames?: number;
  /** Told after each write of a batch: which events went to how many sockets (benchmarks). */
  onWritten?: (events: readonly DomainEvent[], sockets: number) => void;
}

export interface HubStats {
  /** Events the hub took from the bus (none are taken while no socket is connected). */
  events: number;
  /** Events serialized: at most one per event, none for an event nobody may see. */
  serializations: number;
  /** Event frames handed to sockets. */
  framesSent: number;
  /** Socket writes of event frames (one per socket per delivery where it has any). */
  writes: number;
  /** Sockets closed for being too slow. */
  cutOff: number;
  members: number;
  audiences: number;
  /** Events published and not yet delivered. */
  pending: number;
}

/** An event as sent: the complete WebSocket text frame, and its payload (a view into it). */
interface Encoded {
  frame: Buffer;
  payload: Buffer;
  event?: DomainEvent;
}

interface Audience {
  key: string;
  principal: Principal;
  topics: ReadonlySet<string>;
  members: Set<HubMember>;
  /** The last event (delivery stamp) this audience was considered for: de-duplicates the index. */
  stamp: number;
  /** Events of the current delivery slice this audience may see. */
  batch: Encoded[];
}

/** One socket's place in the hub. */
export class HubMember {
  /** @internal */ audience: Audience | undefined;
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
    this.socket.send(Buffer.from(JSON.stringify(msg)));
  }

  /** The socket closed: no more deliveries. Idempotent. */
  leave(): void {
    if (this.left) return;
    this.left = true;
    this.hub.detach(this);
  }
}

export class EventHub {
  private readonly maxBuffered: number;
  private readonly schedule: (fn: () => void, delayMs: number) => void;
  private readonly coalesceMs: number;
  private readonly now: () => number;
  private readonly sliceFrames: number;
  private readonly onWritten: EventHubOptions['onWritten'];
  private readonly log: Logger;
  private readonly unsubscribe: () => void;

  private pending: DomainEvent[] = [];
  private head = 0;
  private scheduled = false;
  private delivering = false;
  private lastDelivery = Number.NEGATIVE_INFINITY;
  private stamp = 0;
  private dirty: Audience[] = [];
  private memberCount = 0;

  private readonly audiences = new Map<string, Audience>();
  private readonly admins = new Set<Audience>();
  private readonly wallboards = new Set<Audience>();
  private readonly supervisors = new Set<Audience>();
  private readonly byAgent = new Map<string, Set<Audience>>();
  private readonly byTeam = new Map<string, Set<Audience>>();

  private readonly counters = { events: 0, serializations: 0, framesSent: 0, writes: 0, cutOff: 0 };

  constructor(options: EventHubOptions) {
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.schedule = options.schedule ?? ((fn, delayMs) => void (delayMs > 0 ? setTimeout(fn, delayMs) : setImmediate(fn)));
    this.coalesceMs = Math.max(0, options.coalesceMs ?? 10);
    this.now = options.now ?? (() => performance.now());
    this.sliceFrames = Math.max(1, options.sliceFrames ?? 20_000);
    this.onWritten = options.onWritten;
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
      const since = this.now() - this.lastDelivery;
      this.schedule(this.tick, since >= this.coalesceMs ? 0 : Math.ceil(this.coalesceMs - since));
    }
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    this.lastDelivery = this.now();
    if (!this.delivering) this.deliver(this.sliceFrames);
    // A burst larger than one slice: the rest follows as soon as the loop has breathed.
    if (this.head < this.pending.length && !this.scheduled) {
      this.scheduled = true;
      this.schedule(this.tick, 0);
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
      this.writeBatches();
    } finally {
      this.delivering = false;
    }
  }

  private fanOut(event: DomainEvent): number {
    const stamp = ++this.stamp;
    const scope = event.scope;
    const enc: { it?: Encoded } = {};
    let queued = 0;
    for (const a of this.wallboards) queued += this.offer(a, event, stamp, enc);
    if (scope.adminOnly) {
      for (const a of this.admins) queued += this.offer(a, event, stamp, enc);
      return queued;
    }
    if (scope.everyone) {
      for (const a of this.audiences.values()) queued += this.offer(a, event, stamp, enc);
      return queued;
    }
    for (const a of this.admins) queued += this.offer(a, event, stamp, enc);
    for (const a of this.supervisors) queued += this.offer(a, event, stamp, enc);
    if (scope.agentId !== undefined) {
      const own = this.byAgent.get(scope.agentId);
      if (own) for (const a of own) queued += this.offer(a, event, stamp, enc);
    }
    if (scope.agentIds) {
      for (const agentId of scope.agentIds) {
        // An agent named twice (agentId and agentIds) is offered the event once: offer() skips an
        // audience that already has this stamp.
        const own = this.byAgent.get(agentId);
        if (own) for (const a of own) queued += this.offer(a, event, stamp, enc);
      }
    }
    if (scope.teamIds) {
      for (const team of scope.teamIds) {
        const leads = this.byTeam.get(team);
        if (leads) for (const a of leads) queued += this.offer(a, event, stamp, enc);
      }
    }
    return queued;
  }

  /** Adds the event to the audience's batch if the audience may see it; returns the frames queued. */
  private offer(a: Audience, event: DomainEvent, stamp: number, enc: { it?: Encoded }): number {
    if (a.stamp === stamp) return 0;
    a.stamp = stamp;
    if (!matchesTopics(a.topics, event.type) || !canSee(a.principal, event)) return 0;
    if (enc.it === undefined) {
      enc.it = encodeText(JSON.stringify({ type: 'event', event } satisfies ServerMessage));
      if (this.onWritten) enc.it.event = event;
      this.counters.serializations++;
    }
    if (a.batch.length === 0) this.dirty.push(a);
    a.batch.push(enc.it);
    return a.members.size;
  }

  private writeBatches(): void {
    const audiences = this.dirty;
    this.dirty = [];
    for (const a of audiences) {
      const batch = a.batch;
      a.batch = [];
      let joined: Buffer | undefined;
      let written = 0;
      for (const m of a.members) {
        try {
          const socket = m.socket;
          if (!socket.isOpen() || this.tooSlow(m)) continue;
          if (socket.writeFrames) {
            joined ??= batch.length === 1 ? (batch[0] as Encoded).frame : Buffer.concat(batch.map((e) => e.frame));
            socket.writeFrames(joined);
          } else {
            for (const e of batch) socket.send(e.payload);
          }
          this.counters.writes++;
          this.counters.framesSent += batch.length;
          written++;
        } catch (err) {
          // One broken socket must not stop the others' delivery.
          this.log.warn({ err, userId: m.principal.userId }, 'event socket write failed');
        }
      }
      if (this.onWritten && written > 0) this.onWritten(batch.map((e) => e.event as DomainEvent), written);
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
      a = { key, principal: m.principal, topics: m.topics, members: new Set(), stamp: 0, batch: [] };
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
    // Wall displays see floor events whatever their scope (event-filter.ts): asked about every event.
    if (a.principal.wallboard) return void toggle(this.wallboards, a, add);
    if (roles.includes('admin')) return void toggle(this.admins, a, add);
    if (roles.includes('supervisor')) return void toggle(this.supervisors, a, add);
    if (a.principal.agentId !== undefined) toggleIn(this.byAgent, a.principal.agentId, a, add);
    if (roles.includes('team_lead')) for (const t of a.principal.ledTeamIds) toggleIn(this.byTeam, t, a, add);
  }
}

/** Everything canSee and matchesTopics read, normalized (they treat the lists as sets). */
export function audienceKey(p: Principal, topics: ReadonlySet<string>): string {
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  return JSON.stringify([sorted(p.roles), p.agentId ?? null, sorted(p.ledTeamIds), sorted(topics), p.wallboard ? 'wallboard' : null]);
}

/**
 * A server-to-client WebSocket text frame (RFC 6455 5.2: FIN, opcode 1, unmasked) holding `text`,
 * in one buffer; `payload` is the text's bytes within it.
 */
export function encodeText(text: string): Encoded {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header, 'utf8');
  return { frame, payload: frame.subarray(header) };
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
