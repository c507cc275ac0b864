/**
 * A fake FreeSWITCH 1.10 for tests: an inbound Event Socket server on 127.0.0.1 port 0, and a
 * driver that connects to our outbound listener the way the dialplan's `socket` app does. It
 * speaks the recorded protocol (see esl-templates.ts) and keeps enough call state for the
 * contract suite; fake-commands.ts holds what each command does to that state.
 *
 * Test controls: callers dial in, phones ring / answer / are busy / never answer, DTMF, far-end
 * hang-ups, a channel vanishing silently, and a FreeSWITCH restart (socket closed, connections
 * refused while down, then back on the same port).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { FakeClock } from '../../../src/core/clock.js';
import {
  AUTH_REQUEST, DISCONNECT_NOTICE, commandReply, connectReplyFrame, connectReplyTemplate, findTemplate, jsonFrame,
  plainFrame, restamp, type FakeEvent, type TemplateQuery,
} from './esl-templates.js';
import { newChannel, type FakeChannel } from './fake-channels.js';
import { FakeCommands } from './fake-commands.js';
import { FakeSounds } from './fake-sounds.js';

export type FakePhoneBehaviour = 'answer' | 'busy' | 'no_answer' | 'manual' | { answerAfterMs: number };

export interface FakeFreeSwitchOptions {
  clock: FakeClock;
  password: string;
  domain: string;
  profile: string;
  /** Directory users (agent phones) and whether they are registered now. */
  phones: Record<string, boolean>;
  /** How long named sounds play (ms); anything else plays 1000 ms. */
  soundDurations: Record<string, number>;
}

interface Session {
  socket: Socket;
  authed: boolean;
  format: 'plain' | 'json' | null;
  all: boolean;
  names: Set<string>;
  subclasses: Set<string>;
  buffer: string;
}

export class FakeFreeSwitch {
  readonly channels = new Map<string, FakeChannel>();
  readonly behaviours = new Map<string, FakePhoneBehaviour>();
  readonly recordingFiles = new Map<string, Buffer>();
  readonly commandsSeen: string[] = [];
  /** Told of each command line as it arrives (the set-up benchmark timestamps them). */
  onWire: ((line: string) => void) | undefined;
  /**
   * The link breaks right after FreeSWITCH took a matching `bgapi` command: the command runs, but
   * its reply and the events about it are lost with the socket (a reply in flight at a network
   * cut). Every socket closes and new connections are refused until restart().
   */
  cutAfterCommand: ((line: string) => boolean) | undefined;
  /** Grows with every byte in or out; tests wait for it to stand still. */
  activity = 0;
  private server: Server | null = null;
  private readonly sessions = new Set<Session>();
  private readonly outboundSockets = new Map<string, Socket>();
  private seq = 4_000;
  private boundPort = 0;
  private heartbeat: ReturnType<FakeClock['setTimeout']> | undefined;
  readonly commands: FakeCommands;
  readonly sounds: FakeSounds;

  constructor(readonly options: FakeFreeSwitchOptions) {
    this.commands = new FakeCommands(this);
    this.sounds = new FakeSounds(Object.keys(options.soundDurations));
  }

  get port(): number {
    return this.boundPort;
  }

  get clock(): FakeClock {
    return this.options.clock;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.boundPort, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (typeof address === 'object' && address) this.boundPort = address.port;
    this.scheduleHeartbeat();
  }

  /** FreeSWITCH goes away: every ESL socket closes and new connections are refused. */
  async stop(): Promise<void> {
    this.clock.clearTimeout(this.heartbeat);
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Back on the same port; `lose` (default: every channel) did not survive. */
  async restart(lose?: readonly string[]): Promise<void> {
    for (const id of lose ?? [...this.channels.keys()]) this.forget(id);
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
    for (const s of this.outboundSockets.values()) s.destroy();
    this.outboundSockets.clear();
    for (const ch of this.channels.values()) this.commands.clearTimers(ch);
  }

  /** The channel disappears without a word (as after a crash of that leg). */
  forget(id: string): void {
    const ch = this.channels.get(id);
    if (!ch) return;
    this.commands.clearTimers(ch);
    this.channels.delete(id);
    this.outboundSockets.get(id)?.destroy();
    this.outboundSockets.delete(id);
  }

  // ---- events ----

  nextSequence(): number {
    return ++this.seq;
  }

  /** A recorded channel event re-stamped for `ch`. */
  channelEvent(ch: FakeChannel, name: string, set: Record<string, string | undefined> = {}, q: Partial<TemplateQuery> = {}): void {
    const template = findTemplate({ name, direction: ch.direction, ...q });
    const recordedId = template.headers.find(([n]) => n === 'Unique-ID')?.[1] ?? '';
    const vars: Record<string, string> = {};
    for (const [k, v] of ch.vars) vars[`variable_${k}`] = v;
    this.broadcast(
      restamp(template, { [recordedId]: ch.id }, {
        ...this.stamp(),
        'Unique-ID': ch.id,
        'Channel-Call-UUID': ch.id,
        'Caller-Unique-ID': ch.id,
        'Channel-Name': ch.name,
        'Caller-Caller-ID-Number': ch.callerNumber,
        'Caller-Caller-ID-Name': ch.callerName,
        'Caller-Destination-Number': ch.dest,
        'Call-Direction': ch.direction,
        'Answer-State': ch.answered ? 'answered' : 'ringing',
        'Channel-Call-State': ch.answered ? (ch.hold ? 'HELD' : 'ACTIVE') : 'RINGING',
        variable_uuid: ch.id,
        variable_call_uuid: ch.id,
        ...vars,
        ...set,
      }),
    );
  }

  /** A recorded event that belongs to no channel (BACKGROUND_JOB, HEARTBEAT, CUSTOM). */
  globalEvent(q: TemplateQuery, set: Record<string, string | undefined>, body?: string): void {
    const event = restamp(findTemplate(q), {}, { ...this.stamp(), ...set });
    if (body !== undefined) event.body = body;
    this.broadcast(event);
  }

  /** A CUSTOM event of a subclass the captures do not hold (sofia::register): core headers from a recorded one. */
  customEvent(subclass: string, fields: Record<string, string>): void {
    const core = findTemplate({ name: 'HEARTBEAT' }).headers.slice(0, 13);
    const headers: [string, string][] = [['Event-Subclass', subclass], ...core.map(([n, v]): [string, string] => [n, n === 'Event-Name' ? 'CUSTOM' : v])];
    const event = restamp({ name: 'CUSTOM', headers, body: undefined }, {}, { ...this.stamp(), ...fields });
    this.broadcast(event);
  }

  private stamp(): Record<string, string> {
    const now = new Date(this.clock.now());
    return {
      'Event-Sequence': String(this.nextSequence()),
      'Event-Date-Timestamp': String(this.clock.now() * 1000),
      'Event-Date-GMT': now.toUTCString(),
      'Event-Date-Local': now.toISOString().slice(0, 19).replace('T', ' '),
    };
  }

  private broadcast(event: FakeEvent): void {
    const name = event.headers.find(([n]) => n === 'Event-Name')?.[1] ?? '';
    const subclass = event.headers.find(([n]) => n === 'Event-Subclass')?.[1];
    for (const s of this.sessions) {
      if (!s.format) continue;
      const wanted = s.all || (name === 'CUSTOM' ? subclass !== undefined && s.subclasses.has(subclass) : s.names.has(name));
      if (wanted) this.write(s.socket, s.format === 'json' ? jsonFrame(event) : plainFrame(event));
    }
  }

  write(socket: Socket, bytes: Buffer): void {
    this.activity += bytes.length;
    if (!socket.destroyed) socket.write(bytes);
  }

  private scheduleHeartbeat(): void {
    this.clock.clearTimeout(this.heartbeat);
    this.heartbeat = this.clock.setTimeout(() => {
      if (!this.server) return;
      this.globalEvent({ name: 'HEARTBEAT' }, { 'Session-Count': String(this.channels.size) });
      this.scheduleHeartbeat();
    }, 20_000);
  }

  // ---- inbound ESL sessions ----

  private accept(socket: Socket): void {
    const session: Session = { socket, authed: false, format: null, all: false, names: new Set(), subclasses: new Set(), buffer: '' };
    this.sessions.add(session);
    socket.setNoDelay(true);
    socket.on('close', () => this.sessions.delete(session));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      this.activity += chunk.length;
      session.buffer += chunk.toString('utf8');
      for (let end = session.buffer.indexOf('\n\n'); end >= 0; end = session.buffer.indexOf('\n\n')) {
        const block = session.buffer.slice(0, end);
        session.buffer = session.buffer.slice(end + 2);
        this.onCommand(session, block);
      }
    });
    this.write(socket, AUTH_REQUEST);
  }

  private onCommand(session: Session, block: string): void {
    const [line = '', ...rest] = block.split('\n');
    const headers: Record<string, string> = {};
    for (const h of rest) {
      const at = h.indexOf(': ');
      if (at > 0) headers[h.slice(0, at)] = h.slice(at + 2);
    }
    this.commandsSeen.push(line);
    const app = line.startsWith('sendmsg ') ? headers['execute-app-name'] : undefined;
    this.onWire?.(app ? `${line} ${app}` : line);
    const reply = (text: string, extra?: [string, string][]): void => this.write(session.socket, commandReply(text, extra));
    const [word = '', ...args] = line.split(' ');
    if (!session.authed) {
      if (word !== 'auth') return reply('-ERR command not found');
      if (args.join(' ') !== this.options.password) {
        reply('-ERR invalid');
        this.write(session.socket, DISCONNECT_NOTICE);
        session.socket.end();
        return;
      }
      session.authed = true;
      return reply('+OK accepted');
    }
    switch (word) {
      case 'event': {
        const [format, ...names] = args;
        if (format !== 'plain' && format !== 'json') return reply('-ERR no keywords supplied');
        session.format = format;
        let custom = false;
        for (const n of names) {
          if (n === 'ALL') session.all = true;
          else if (n === 'CUSTOM') custom = true;
          else if (custom) session.subclasses.add(n);
          else session.names.add(n);
        }
        return reply(`+OK event listener enabled ${format}`);
      }
      case 'noevents':
        if (!session.format) return reply('-ERR not listening for events');
        session.format = null;
        session.all = false;
        session.names.clear();
        session.subclasses.clear();
        return reply('+OK no longer listening for events');
      case 'exit':
        reply('+OK bye');
        this.write(session.socket, DISCONNECT_NOTICE);
        session.socket.end();
        return;
      case 'api':
        return this.write(session.socket, this.commands.api(args.join(' ')));
      case 'bgapi': {
        const job = headers['Job-UUID'] ?? crypto.randomUUID();
        if (this.cutAfterCommand?.(line)) {
          // Cut first, then run it: nothing it says reaches the client any more.
          void this.stop();
          this.commands.bgapi(args.join(' '), job);
          return;
        }
        reply(`+OK Job-UUID: ${job}`, [['Job-UUID', job]]);
        this.commands.bgapi(args.join(' '), job);
        return;
      }
      case 'sendmsg': {
        reply(this.commands.sendmsg(args[0] ?? '', headers));
        const ch = this.channels.get(args[0] ?? '');
        if (ch) this.commands.nextApp(ch);
        return;
      }
      default:
        return reply('-ERR command not found');
    }
  }

  // ---- the outbound socket driver ----

  /** FreeSWITCH's `socket host:port async full`: connect, send the channel data on `connect`. */
  async connectOutbound(ch: FakeChannel, target: { host: string; port: number }): Promise<void> {
    const socket = connect({ host: target.host, port: target.port });
    this.outboundSockets.set(ch.id, socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (this.outboundSockets.get(ch.id) === socket) this.outboundSockets.delete(ch.id);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      this.activity += chunk.length;
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const line = buffer.slice(0, end).split('\n')[0];
        buffer = buffer.slice(end + 2);
        this.onWire?.(`socket ${line ?? ''}`);
        if (line === 'connect') {
          this.write(socket, connectReplyFrame(this.connectReply(ch)));
          ch.app = 'socket';
          this.channelEvent(ch, 'CHANNEL_PARK');
        } else if (line === 'exit') {
          this.write(socket, commandReply('+OK bye'));
          socket.end();
        }
      }
    });
  }

  /** FreeSWITCH tells the socket the call is over, then closes it (nolinger). */
  endOutbound(id: string): void {
    const socket = this.outboundSockets.get(id);
    if (!socket) return;
    this.outboundSockets.delete(id);
    this.write(
      socket,
      Buffer.from(`Content-Type: text/disconnect-notice\nControlled-Session-UUID: ${id}\nContent-Disposition: disconnect\nContent-Length: 67\n\n${DISCONNECT_NOTICE.subarray(DISCONNECT_NOTICE.length - 67).toString()}`),
    );
    socket.end();
  }

  private connectReply(ch: FakeChannel): [string, string][] {
    const recorded = connectReplyTemplate();
    const recordedId = recorded.find(([n]) => n === 'Unique-ID')?.[1] ?? '';
    const tail = recorded.slice(recorded.findIndex(([n]) => n === 'Content-Type'));
    const head = recorded.slice(0, recorded.length - tail.length).filter(([n]) => !n.startsWith('variable_'));
    const set: Record<string, string> = {
      'Unique-ID': ch.id,
      'Channel-Name': ch.name,
      'Caller-Caller-ID-Number': ch.callerNumber,
      'Caller-Caller-ID-Name': ch.callerName,
      'Caller-Destination-Number': ch.dest,
      'Caller-Unique-ID': ch.id,
      'Channel-Call-UUID': ch.id,
      'Answer-State': 'ringing',
      'Event-Sequence': String(this.nextSequence()),
    };
    const out: [string, string][] = head.map(([n, v]) => [n, set[n] ?? v.replaceAll(recordedId, ch.id)]);
    for (const [k, v] of ch.vars) out.push([`variable_${k}`, v]);
    return [...out, ...tail];
  }

  newInboundChannel(spec: { from: string; fromName?: string; to: string; headers?: Record<string, string>; variables?: Record<string, string> }): FakeChannel {
    const id = crypto.randomUUID();
    const vars: Record<string, string> = {
      switchboard_owned: 'true',
      park_after_bridge: 'true',
      sip_from_user: spec.from,
      ...spec.variables,
    };
    for (const [k, v] of Object.entries(spec.headers ?? {})) vars[`sip_h_${k}`] = v;
    const ch = newChannel({
      id, direction: 'inbound', name: `sofia/${this.options.profile}/${spec.from}@127.0.0.1:5070`, callerNumber: spec.from,
      callerName: spec.fromName ?? spec.from, dest: spec.to, vars, created: this.clock.now(),
    });
    this.channels.set(id, ch);
    for (const name of ['CHANNEL_CREATE', 'CHANNEL_CALLSTATE', 'CHANNEL_STATE']) this.channelEvent(ch, name);
    return ch;
  }
}
