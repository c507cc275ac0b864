import { describe, expect, it } from 'vitest';
import { backoffMs, BACKOFF_MAX_MS } from '../../../src/web/api/backoff.js';
import { EventStream, type StreamEnv, type StreamStatus } from '../../../src/web/api/event-stream.js';
import type { DomainEvent } from '../../../src/core/events.js';

/** A WebSocket the test drives: it opens, speaks and closes when told. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: number | undefined;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((c: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
  }
  /** The daemon accepts the session. */
  hello() {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify({ type: 'hello', userId: 'u1', username: 'a', roles: ['agent'], topics: ['*'] }) });
  }
  frame(msg: object) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** Timers the test fires by hand, in time order. */
function fakeEnv(): StreamEnv & { advance(ms: number): void } {
  let now = 0;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    WebSocket: FakeSocket as unknown as StreamEnv['WebSocket'],
    setTimeout: (fn, ms) => {
      timers.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (i) => void timers.delete(i),
    random: () => 1,
    advance(ms: number) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = target;
    },
  };
}

function watch(stream: EventStream) {
  const seen = { statuses: [] as StreamStatus[], resyncs: 0, events: [] as DomainEvent[], ended: [] as number[] };
  stream.subscribe({
    status: (s) => seen.statuses.push(s),
    resync: () => seen.resyncs++,
    event: (e) => seen.events.push(e),
    ended: (code) => seen.ended.push(code),
  });
  return seen;
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1] as FakeSocket;

describe('the page event stream', () => {
  it('given the first hello when it arrives then the page is told to read its state, and events follow', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const stream = new EventStream(() => 'ws://x/api/ws', env);
    const seen = watch(stream);
    stream.start();
    latest().hello();
    latest().frame({ type: 'event', event: { type: 'agent.state_changed', at: 1, scope: {}, agentId: 'a1', from: 'not_ready', to: 'available' } });
    expect(seen.statuses).toEqual(['connecting', 'open']);
    expect(seen.resyncs).toBe(1);
    expect(seen.events.map((e) => e.type)).toEqual(['agent.state_changed']);
  });

  it('given the daemon restarts when the socket drops then it reconnects after a back-off and the page re-reads its state', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const stream = new EventStream(() => 'ws://x/api/ws', env);
    const seen = watch(stream);
    stream.start();
    latest().hello();
    latest().drop(1001, 'server shutting down');
    expect(seen.statuses.at(-1)).toBe('reconnecting');
    expect(FakeSocket.all).toHaveLength(1);
    env.advance(backoffMs(0, () => 1));
    expect(FakeSocket.all).toHaveLength(2);
    // The daemon is still down: the next try waits longer.
    latest().drop();
    env.advance(backoffMs(1, () => 1) - 1);
    expect(FakeSocket.all).toHaveLength(2);
    env.advance(1);
    expect(FakeSocket.all).toHaveLength(3);
    latest().hello();
    expect(seen.statuses.at(-1)).toBe('open');
    expect(seen.resyncs).toBe(2);
  });

  it('given the session ended when the daemon closes with 4401 then the stream stops for good and says so', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const stream = new EventStream(() => 'ws://x/api/ws', env);
    const seen = watch(stream);
    stream.start();
    latest().hello();
    latest().drop(4401, 'The session has ended');
    env.advance(60_000);
    expect(seen.ended).toEqual([4401]);
    expect(seen.statuses.at(-1)).toBe('ended');
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('given a connection that went silent when a ping gets no answer then it is given up and a new one opened', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const stream = new EventStream(() => 'ws://x/api/ws', env);
    watch(stream);
    stream.start();
    latest().hello();
    env.advance(20_000);
    expect(latest().sent.map((s) => JSON.parse(s).type)).toEqual(['ping']);
    env.advance(10_000);
    expect(FakeSocket.all[0]?.closedWith).toBe(4000);
    env.advance(backoffMs(0, () => 1));
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('given a pong when it arrives in time then the connection is kept', () => {
    FakeSocket.all = [];
    const env = fakeEnv();
    const stream = new EventStream(() => 'ws://x/api/ws', env);
    watch(stream);
    stream.start();
    latest().hello();
    env.advance(20_000);
    latest().frame({ type: 'pong' });
    env.advance(25_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(FakeSocket.all[0]?.closedWith).toBeUndefined();
  });
});

describe('reconnect back-off', () => {
  it('given an open stream when chat.send replies come back in any order then each send settles with its own seq or coded refusal', async () => {
    FakeSocket.all = [];
    const stream = new EventStream(() => 'ws://x/api/ws', fakeEnv());
    stream.start();
    latest().hello();
    const first = stream.chatSend('c1', 'm-1', 'hello');
    const second = stream.chatSend('c2', 'm-2', 'hi');
    const sent = latest().sent.map((d) => JSON.parse(d) as { type: string; id: string; chatId: string; clientId: string; text: string });
    expect(sent.map((m) => [m.type, m.chatId, m.clientId, m.text])).toEqual([
      ['chat.send', 'c1', 'm-1', 'hello'],
      ['chat.send', 'c2', 'm-2', 'hi'],
    ]);
    latest().frame({ type: 'reply', id: sent[1]?.id, ok: false, error: { code: 'CHAT_CLOSED', message: 'The chat has ended' } });
    latest().frame({ type: 'reply', id: sent[0]?.id, ok: true, result: { chatId: 'c1', clientId: 'm-1', seq: 4, at: 10 } });
    expect(await first).toEqual({ chatId: 'c1', clientId: 'm-1', seq: 4, at: 10 });
    await expect(second).rejects.toMatchObject({ code: 'CHAT_CLOSED' });
  });

  it('given a chat.send waiting for its reply when the socket drops, or a send while it is down, then it fails as NETWORK for the caller to send again', async () => {
    FakeSocket.all = [];
    const stream = new EventStream(() => 'ws://x/api/ws', fakeEnv());
    stream.start();
    latest().hello();
    const waiting = stream.chatSend('c1', 'm-1', 'hello');
    latest().drop(1006);
    await expect(waiting).rejects.toMatchObject({ code: 'NETWORK' });
    await expect(stream.chatSend('c1', 'm-1', 'hello')).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('given repeated failures when the waits are computed then they double from 0.5 s up to 15 s, spread between half and all', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffMs(n, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000, BACKOFF_MAX_MS]);
    expect(backoffMs(3, () => 0)).toBe(2000);
  });
});
