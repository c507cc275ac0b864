/**
 * A fake Asterisk 22 for tests: ARI (REST + Stasis WebSocket) and AMI on port-0 sockets, with
 * the far side under test control (callers dial in, phones ring/answer/refuse, parties press
 * keys or hang up, the whole PBX restarts). Time runs on the injected Clock (a FakeClock in tests).
 */
import type { Clock } from '../../../src/core/clock.js';
import { ariEvent, ariTimestamp } from './ari-frames.js';
import { FakeAmiServer } from './fake-ami-server.js';
import { FakeAriServer } from './fake-ari-server.js';
import { answerLeg, ch, hangupSequence, newChannel, type CallDeps } from './fake-calls.js';
import { dtmfToRecordings, endChannelMedia } from './fake-media.js';
import { FakeWorld, type FarSide, type PhoneBehaviour } from './fake-model.js';
import { route } from './fake-rest.js';

export interface FakeAsteriskOptions {
  clock: Clock;
  app?: string;
  ariUser?: string;
  ariPassword?: string;
  amiUser?: string;
  amiSecret?: string;
  phones?: Record<string, 'registered' | 'unregistered'>;
}

export interface FakeInboundCall {
  from: string;
  fromName?: string;
  to: string;
  headers?: Record<string, string>;
  variables?: Record<string, string>;
}

export class FakeAsterisk {
  readonly world = new FakeWorld();
  readonly ari: FakeAriServer;
  readonly ami: FakeAmiServer;
  readonly app: string;
  /** `METHOD /ari/path` -> how many of the next such requests answer 500 (fault injection). */
  readonly failures = new Map<string, number>();
  /** Every event sent, in order (tests assert on the wire). */
  readonly sent: Record<string, unknown>[] = [];
  private seq = 1;
  private idSeq = 1;
  private readonly deps: CallDeps;

  constructor(readonly opts: FakeAsteriskOptions) {
    this.app = opts.app ?? 'switchboard';
    for (const [name, state] of Object.entries(opts.phones ?? {})) this.world.phones.set(name, state);
    this.deps = {
      world: this.world,
      clock: opts.clock,
      app: this.app,
      emit: (key, values) => this.emit(key, values),
      nextId: () => `fake-${this.idSeq++}`,
      nextSeq: () => this.seq++,
      onChannelEnd: (c) => endChannelMedia(this.deps, c),
    };
    this.ari = new FakeAriServer(
      { username: opts.ariUser ?? 'switchboard', password: opts.ariPassword ?? 'test-ari-password' },
      {
        rest: (m, p, q, b) => {
          const left = this.failures.get(`${m} ${p}`) ?? 0;
          if (left > 0) {
            this.failures.set(`${m} ${p}`, left - 1);
            return { status: 500, body: { message: 'Internal Server Error' } };
          }
          return route(this.deps, m, p, q, b);
        },
        attached: () => undefined,
      },
    );
    this.ami = new FakeAmiServer({
      username: opts.amiUser ?? 'switchboard',
      secret: opts.amiSecret ?? 'test-ami-secret',
      clock: opts.clock,
      phones: this.world.phones,
    });
  }

  async start(): Promise<void> {
    await this.ari.listen();
    await this.ami.listen();
  }

  get ariUrl(): string {
    return `http://127.0.0.1:${this.ari.port}/ari`;
  }

  async close(): Promise<void> {
    await this.ari.close();
    await this.ami.close();
  }

  private emit(key: string, values: Record<string, unknown>): void {
    const e = ariEvent(key, this.app, this.opts.clock.now(), values);
    this.sent.push(e);
    this.ari.send(this.app, e);
  }

  /** A caller reaches `Stasis(app,inbound,<DID>)`; X- headers arrive as SIPHDR_ channel variables. */
  placeInbound(spec: FakeInboundCall): string {
    const n = this.seq++;
    const id = `${Math.floor(this.opts.clock.now() / 1000)}.${n}`;
    const channelvars: Record<string, string> = { ...(spec.variables ?? {}) };
    for (const [k, v] of Object.entries(spec.headers ?? {})) channelvars[`SIPHDR_${k.replace(/-/g, '_')}`] = v;
    const c = newChannel(this.deps, {
      id,
      name: `PJSIP/caller-${String(n).padStart(8, '0')}`,
      origin: 'inbound',
      state: 'Ring',
      inStasis: true,
      protocol_id: `${n}-3378@127.0.0.1`,
      caller: { name: spec.fromName ?? '', number: spec.from },
      dialplan: { context: 'from-sip', exten: spec.to, priority: 2, app_name: 'Stasis', app_data: `${this.app},inbound,${spec.to}` },
      channelvars,
      appArgs: ['inbound', spec.to],
    });
    for (const [k, v] of Object.entries(spec.variables ?? {})) c.vars.set(k, v);
    this.emit('StasisStart', { args: c.appArgs, channel: ch(c) });
    return id;
  }

  setBehaviour(target: string, b: PhoneBehaviour): void {
    this.world.behaviours.set(target, b);
  }

  /** Answers the leg ringing at that phone or number. */
  answerPhone(target: string): boolean {
    for (const c of this.world.channels.values()) {
      if (c.origin === 'originated' && c.target === target && c.state === 'Ringing') {
        answerLeg(this.deps, c);
        return true;
      }
    }
    return false;
  }

  /** RFC 4733 digits from the far end: one ChannelDtmfReceived per digit, sent when it ends. */
  pressDigits(id: string, digits: string): void {
    const c = this.world.channels.get(id);
    if (!c) return;
    for (const digit of digits) {
      if (this.world.channels.get(id) !== c) return;
      this.emit('ChannelDtmfReceived', { digit, duration_ms: 280, channel: ch(c) });
      dtmfToRecordings(this.deps, c, digit);
    }
  }

  /** BYE from the far end: an inbound caller's request carries cause 16 (flow a). */
  farEndHangup(id: string): void {
    const c = this.world.channels.get(id);
    if (c) hangupSequence(this.deps, c, 16);
  }

  /** The PBX forgets the channel and says nothing. */
  vanish(id: string): void {
    const c = this.world.channels.get(id);
    if (!c) return;
    this.opts.clock.clearTimeout(c.timer);
    this.world.channels.delete(id);
    for (const b of this.world.bridges.values()) b.channels = b.channels.filter((x) => x !== id);
  }

  /** Channels that do not survive an outage disappear without events (nobody was listening). */
  lose(ids?: string[]): void {
    const victims = ids ?? [...this.world.channels.keys()];
    for (const id of victims) this.vanish(id);
    if (!ids) {
      this.world.bridges.clear();
      for (const p of this.world.playbacks.values()) this.opts.clock.clearTimeout(p.timer);
      this.world.playbacks.clear();
      for (const r of this.world.recordings.values()) this.opts.clock.clearTimeout(r.timer);
      this.world.recordings.clear();
    }
  }

  farSide(id: string): FarSide | undefined {
    return this.world.farSide(id);
  }

  setPresence(phone: string, registered: boolean): void {
    this.world.phones.set(phone, registered ? 'registered' : 'unregistered');
    this.ami.presence(phone, registered);
  }

  /** For tests that need a timestamp like the fake's events. */
  stamp(): string {
    return ariTimestamp(this.opts.clock.now());
  }
}
