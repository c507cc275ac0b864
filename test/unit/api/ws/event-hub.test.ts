import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../../src/accounts/permissions.js';
import type { Principal } from '../../../../src/accounts/principal.js';
import { InProcessEventBus, type DomainEvent, type EventScope } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import { EventHub, encodeText, type HubSocket } from '../../../../src/api/ws/event-hub.js';
import { canSee, matchesTopics } from '../../../../src/api/ws/event-filter.js';

/** Reads the texts out of server-to-client WebSocket frames (unmasked, unfragmented). */
function decodeFrames(bytes: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    expect(bytes[at]).toBe(0x81);
    let length = bytes[at + 1] as number;
    let header = 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    texts.push(bytes.toString('utf8', at + header, at + header + length));
    at += header + length;
  }
  return texts;
}

/** A socket that records what it was sent; `raw` ones take ready frames (as the ws adapter does). */
class FakeSocket implements HubSocket {
  open = true;
  buffered = 0;
  writes = 0;
  readonly frames: string[] = [];
  closed: { code: number; reason: string } | undefined;
  writeFrames?: (frames: Buffer) => void;
  constructor(raw = true) {
    if (raw)
      this.writeFrames = (bytes) => {
        this.writes++;
        this.frames.push(...decodeFrames(bytes));
      };
  }
  isOpen(): boolean {
    return this.open;
  }
  bufferedAmount(): number {
    return this.buffered;
  }
  send(payload: Buffer): void {
    this.writes++;
    this.frames.push(payload.toString());
  }
  close(code: number, reason: string): void {
    this.open = false;
    this.closed = { code, reason };
  }
  /** The events received, by a label: agentId, else action, else type. */
  events(): string[] {
    return this.frames
      .map((f) => JSON.parse(f) as { type: string; event?: { type: string; agentId?: string; action?: string } })
      .filter((m) => m.type === 'event')
      .map((m) => m.event?.agentId ?? m.event?.action ?? m.event?.type ?? '?');
  }
}

function principal(roles: Role[], extra: { agentId?: string; ledTeamIds?: string[]; userId?: string } = {}): Principal {
  const userId = extra.userId ?? `u-${roles.join('-')}-${extra.agentId ?? ''}`;
  return { userId, username: userId, sessionId: `s-${userId}`, roles, permissions: new Set(), ledTeamIds: extra.ledTeamIds ?? [], ...(extra.agentId ? { agentId: extra.agentId } : {}) };
}

const stateChanged = (agentId: string, teamIds: string[] = [], at = 1): DomainEvent => ({ type: 'agent.state_changed', at, scope: { agentId, teamIds }, agentId, from: 'available', to: 'not_ready' });
const everyone: DomainEvent = { type: 'config.changed', at: 1, scope: { everyone: true }, entity: 'queue', id: 'q1', action: 'updated' };
const adminOnly: DomainEvent = { type: 'audit.recorded', at: 1, scope: { adminOnly: true }, action: 'x.y' };

function setup(options: { maxBufferedBytes?: number; sliceFrames?: number } = {}) {
  const bus = new InProcessEventBus((err) => {
    throw err;
  });
  const tasks: (() => void)[] = [];
  const hub = new EventHub({ bus, logger: silentLogger, schedule: (fn) => tasks.push(fn), ...options });
  /** Runs the deferred deliveries (what setImmediate would do). */
  const runDeferred = () => {
    let n = 0;
    while (tasks.length > 0) {
      tasks.shift()?.();
      n++;
    }
    return n;
  };
  const join = (p: Principal, topics: string[] = ['*'], raw = true) => {
    const socket = new FakeSocket(raw);
    return { socket, member: hub.add(socket, p, new Set(topics)) };
  };
  return { bus, hub, runDeferred, join };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('event hub: one bus subscriber for every /api/ws socket', () => {
  it('given sockets in several audiences when events are published then every allowed socket gets each event once, in order, serialized once per event', () => {
    const { bus, hub, runDeferred, join } = setup();
    // One supervisor's socket takes frames one by one (no raw stream): same result.
    const sups = [join(principal(['supervisor'], { userId: 's1' })), join(principal(['supervisor'], { userId: 's2' })), join(principal(['supervisor'], { userId: 's3' }), ['*'], false)];
    const agentA = join(principal(['agent'], { agentId: 'a1' }));
    const agentB = join(principal(['agent'], { agentId: 'a2' }));
    const events = [stateChanged('a1'), stateChanged('a2'), everyone, stateChanged('a1', [], 2), adminOnly];
    const stringify = vi.spyOn(JSON, 'stringify');
    for (const e of events) bus.publish(e);
    runDeferred();
    for (const s of sups) expect(s.socket.events()).toEqual(['a1', 'a2', 'updated', 'a1']);
    expect(agentA.socket.events()).toEqual(['a1', 'updated', 'a1']);
    expect(agentB.socket.events()).toEqual(['a2', 'updated']);
    // Four events someone may see, the admin-only one nobody here may: four serializations for
    // eleven frames.
    expect(stringify).toHaveBeenCalledTimes(4);
    expect(hub.stats()).toMatchObject({ serializations: 4, framesSent: 3 * 4 + 3 + 2, audiences: 3, members: 5 });
    // One write per socket for the whole batch, except frame by frame where there is no raw stream.
    expect([...sups.map((x) => x.socket.writes), agentA.socket.writes, agentB.socket.writes]).toEqual([1, 1, 4, 1, 1]);
  });

  it('given a call event for two agents (agentIds, one of them also agentId) then each of them gets it once and a third agent does not', () => {
    const { bus, runDeferred, join } = setup();
    const a1 = join(principal(['agent'], { agentId: 'a1' }));
    const a2 = join(principal(['agent'], { agentId: 'a2' }));
    const a3 = join(principal(['agent'], { agentId: 'a3' }));
    const sup = join(principal(['supervisor']));
    bus.publish({ type: 'call.state_changed', at: 1, scope: { agentId: 'a1', agentIds: ['a1', 'a2'], queueId: 'q1' }, callId: 'c1', from: 'consult_ringing', to: 'consulting', step: 'consult_answered', agentIds: ['a1', 'a2'] });
    runDeferred();
    expect(a1.socket.events()).toEqual(['call.state_changed']);
    expect(a2.socket.events()).toEqual(['call.state_changed']);
    expect(a3.socket.events()).toEqual([]);
    expect(sup.socket.events()).toEqual(['call.state_changed']);
    const event: DomainEvent = { type: 'call.state_changed', at: 1, scope: { agentIds: ['a2'] }, callId: 'c1', from: 'a', to: 'b', step: 's', agentIds: ['a2'] };
    expect([canSee(principal(['agent'], { agentId: 'a2' }), event), canSee(principal(['agent'], { agentId: 'a1' }), event)]).toEqual([true, false]);
  });

  it('given a publish then it returns before any socket is written; the frames leave on the deferred delivery', () => {
    const { bus, runDeferred, join } = setup();
    const { socket } = join(principal(['supervisor']));
    bus.publish(stateChanged('a1'));
    bus.publish(stateChanged('a2'));
    expect(socket.writes).toBe(0);
    expect(runDeferred()).toBe(1);
    expect(socket.writes).toBe(1);
    expect(socket.events()).toEqual(['a1', 'a2']);
  });

  it('given one socket too slow to keep up then it is closed with 1013 and leaves, and the others receive everything', () => {
    const { bus, hub, runDeferred, join } = setup({ maxBufferedBytes: 1000 });
    const slow = join(principal(['supervisor'], { userId: 'slow' }));
    const fast = join(principal(['supervisor'], { userId: 'fast' }));
    bus.publish(stateChanged('a1'));
    runDeferred();
    slow.socket.buffered = 1001;
    for (let i = 2; i <= 5; i++) bus.publish(stateChanged(`a${i}`));
    runDeferred();
    expect(slow.socket.closed).toEqual({ code: 1013, reason: 'Too slow to keep up' });
    expect(slow.socket.events()).toEqual(['a1']);
    expect(fast.socket.events()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    bus.publish(stateChanged('a6'));
    runDeferred();
    expect(slow.socket.events()).toEqual(['a1']);
    expect(fast.socket.events()).toHaveLength(6);
    expect(hub.stats()).toMatchObject({ cutOff: 1, members: 1 });
  });

  it('given a team lead then they see their teams agent events and their own, not other teams, as before', () => {
    const { bus, runDeferred, join } = setup();
    const lead = join(principal(['team_lead', 'agent'], { agentId: 'lead-agent', ledTeamIds: ['t1', 't3'] }));
    const otherLead = join(principal(['team_lead'], { ledTeamIds: ['t2'] }));
    bus.publish(stateChanged('a1', ['t1']));
    bus.publish(stateChanged('a2', ['t2']));
    bus.publish(stateChanged('a3', ['t2', 't3']));
    bus.publish(stateChanged('lead-agent', ['t9']));
    bus.publish(stateChanged('a4', []));
    bus.publish(adminOnly);
    runDeferred();
    expect(lead.socket.events()).toEqual(['a1', 'a3', 'lead-agent']);
    expect(otherLead.socket.events()).toEqual(['a2', 'a3']);
  });

  it('given a socket joining or changing topics while events are pending then earlier events are judged by the membership when they were published', () => {
    const { bus, runDeferred, join } = setup();
    const early = join(principal(['admin']));
    bus.publish(stateChanged('before'));
    const late = join(principal(['admin']));
    early.member.setTopics(new Set(['config']));
    bus.publish(stateChanged('after'));
    bus.publish(everyone);
    runDeferred();
    expect(early.socket.events()).toEqual(['before', 'updated']);
    expect(late.socket.events()).toEqual(['after', 'updated']);
  });

  it('given a direct reply then the events published before it arrive first', () => {
    const { bus, runDeferred, join } = setup();
    const { socket, member } = join(principal(['admin']));
    bus.publish(stateChanged('a1'));
    member.send({ type: 'pong' });
    runDeferred();
    expect(socket.frames.map((f) => (JSON.parse(f) as { type: string }).type)).toEqual(['event', 'pong']);
  });

  it('given a burst larger than a delivery slice then it is delivered over several deferred slices, in order', () => {
    const { bus, runDeferred, join } = setup({ sliceFrames: 10 });
    const socks = [join(principal(['supervisor'], { userId: 'x' })), join(principal(['admin']))];
    for (let i = 0; i < 50; i++) bus.publish(stateChanged(`a${i}`));
    expect(runDeferred()).toBeGreaterThan(5);
    for (const s of socks) expect(s.socket.events()).toEqual(Array.from({ length: 50 }, (_, i) => `a${i}`));
  });

  it('given a lone event then it leaves at once; given a stream then deliveries are at least coalesceMs apart, one write batch per socket', () => {
    const bus = new InProcessEventBus();
    let now = 1_000;
    const scheduled: { fn: () => void; delayMs: number }[] = [];
    const hub = new EventHub({ bus, logger: silentLogger, coalesceMs: 10, now: () => now, schedule: (fn, delayMs) => scheduled.push({ fn, delayMs }) });
    const socket = new FakeSocket();
    hub.add(socket, principal(['supervisor']), new Set(['*']));
    bus.publish(stateChanged('a1'));
    expect(scheduled.map((x) => x.delayMs)).toEqual([0]);
    scheduled.shift()?.fn();
    now += 3;
    bus.publish(stateChanged('a2'));
    now += 1;
    bus.publish(stateChanged('a3'));
    expect(scheduled.map((x) => x.delayMs)).toEqual([7]);
    now += 7;
    scheduled.shift()?.fn();
    expect(socket.events()).toEqual(['a1', 'a2', 'a3']);
    expect(socket.writes).toBe(2);
    now += 50;
    bus.publish(stateChanged('a4'));
    expect(scheduled.map((x) => x.delayMs)).toEqual([0]);
  });

  it('given a socket that left then nothing more is written to it and its audience is gone', () => {
    const { bus, hub, runDeferred, join } = setup();
    const a = join(principal(['agent'], { agentId: 'a1' }));
    bus.publish(stateChanged('a1'));
    a.member.leave();
    runDeferred();
    expect(a.socket.frames).toEqual([]);
    expect(hub.stats()).toMatchObject({ members: 0, audiences: 0 });
  });

  it('given texts around each frame-length boundary then the encoded frames decode to the same texts', () => {
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 70_000]) {
      const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
      const { frame, payload } = encodeText(text);
      expect(decodeFrames(frame)).toEqual([text]);
      expect(payload.toString()).toBe(text);
    }
  });

  it('given any principals, topics and events then the hub delivers exactly what canSee and matchesTopics allow', () => {
    const roles: Role[] = ['admin', 'supervisor', 'team_lead', 'agent'];
    const ids = ['a1', 'a2', 'a3'];
    const teams = ['t1', 't2', 't3'];
    const types = ['agent.state_changed', 'config.changed', 'audit.recorded', 'call.ended'] as const;
    const arbPrincipal = fc.record({
      roles: fc.subarray(roles, { minLength: 1 }),
      agentId: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      ledTeamIds: fc.subarray(teams),
      topics: fc.subarray(['*', 'agent', 'config', 'audit.recorded', 'call.ended'], { minLength: 1 }),
    });
    const arbScope: fc.Arbitrary<EventScope> = fc.record(
      { agentId: fc.constantFrom(...ids), agentIds: fc.subarray(ids), teamIds: fc.subarray(teams), everyone: fc.boolean(), adminOnly: fc.boolean() },
      { requiredKeys: [] },
    );
    const arbEvent = fc.record({ type: fc.constantFrom(...types), scope: arbScope, n: fc.nat() });
    fc.assert(
      fc.property(fc.array(arbPrincipal, { minLength: 1, maxLength: 8 }), fc.array(arbEvent, { maxLength: 12 }), (ps, es) => {
        const { bus, runDeferred, join } = setup();
        const joined = ps.map((p, i) => {
          const who = principal(p.roles, { userId: `u${i}`, ...(p.agentId ? { agentId: p.agentId } : {}), ledTeamIds: p.ledTeamIds });
          return { p: who, topics: new Set(p.topics), ...join(who, p.topics) };
        });
        const events = es.map((e, i) => ({ type: e.type, at: i, scope: e.scope, n: e.n }) as unknown as DomainEvent);
        for (const e of events) bus.publish(e);
        runDeferred();
        for (const j of joined) {
          const got = j.socket.frames.map((f) => (JSON.parse(f) as { event: { at: number } }).event.at);
          const want = events.filter((e) => matchesTopics(j.topics, e.type) && canSee(j.p, e)).map((e) => e.at);
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });
});
