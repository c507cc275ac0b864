/**
 * The chat end-to-end world: the app as main.ts wires it on the simulated media server, one chat
 * queue served by Alice, and visitors speaking the widget protocol over a real `ws` socket.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import type { ServerFrame, VisitorFrame } from '../../../src/chat/protocol.js';
import { defaultConfig, type AppConfig, type ChatConfig } from '../../../src/config.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

export interface ChatWorld {
  t: TestApp;
  admin: AuthHeaders;
  alice: AuthHeaders;
  aliceId: string;
  queueId: string;
  wsUrl: string;
  /** The daemon's data folder (uploads under attachments/). */
  dataDir: string;
  /** Lets the engine's persistence and the chat lanes finish. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startChatWorld(opts: { chatCapacity: number; chat?: Partial<ChatConfig>; config?: Partial<AppConfig> }): Promise<ChatWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-chat-'));
  const chat: ChatConfig = { ...defaultConfig().chat, ...opts.chat };
  const t = await createTestApp({ config: { ivrFlowsDir: dir, dataDir: dir, recordingsDir: path.join(dir, 'recordings'), chat, ...opts.config } });
  const admin = await t.loginAs('admin');
  const post = (url: string, body: unknown, headers: AuthHeaders) => t.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
  const user = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
  const agent = await post('/api/agents', { userId: user.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } }, admin);
  if (agent.statusCode !== 201) throw new Error(agent.body);
  const aliceId = agent.json().id as string;
  const queue = await post('/api/queues', { name: 'web chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceId }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 }, admin);
  if (queue.statusCode !== 201) throw new Error(queue.body);
  await t.deps.contactCenter.start();
  const alice = (await t.login('agent', 'alice')).headers;
  const login = await post('/api/agent/login', { state: 'available', chatCapacity: opts.chatCapacity }, alice);
  if (login.statusCode !== 200) throw new Error(login.body);
  const { ws } = await t.listen();
  return {
    t,
    admin,
    alice,
    aliceId,
    queueId: queue.json().id as string,
    wsUrl: `${ws}/api/widget/ws`,
    dataDir: dir,
    async settle() {
      await t.deps.contactCenter.acd.flush();
      await t.deps.contactCenter.chat.idle();
      await t.deps.contactCenter.background.idle();
    },
    async close() {
      await t.deps.contactCenter.stop();
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Lets the notification outbox deliver (it works on the daemon's fake clock, so the clock moves
 * in steps while the world settles) until `done` holds; throws naming `what` when it never does.
 */
export async function deliverUntil(w: Pick<ChatWorld, 'settle' | 't'>, what: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) {
    await w.settle();
    await w.t.clock.advanceAsync(100);
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!done()) throw new Error(`still waiting for: ${what}`);
}

/** A visitor's widget reduced to its socket: every frame received is kept, in order. */
export class Visitor {
  readonly frames: ServerFrame[] = [];
  private waiters: { match: (f: ServerFrame) => boolean; from: number; resolve: (f: ServerFrame) => void }[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      for (const w of [...this.waiters]) {
        if (w.match(frame)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(frame);
        }
      }
    });
  }

  /** `headers`: what the visitor's browser sends with the upgrade (User-Agent, X-Forwarded-For through a proxy). */
  static async connect(url: string, headers?: Record<string, string>): Promise<Visitor> {
    const socket = new WebSocket(url, headers ? { headers } : {});
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Visitor(socket);
  }

  send(frame: VisitorFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The first frame received from index `since` on (default: any so far) that matches, or the next to arrive. */
  next<T extends ServerFrame['type']>(type: T, where: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true, since = 0): Promise<Extract<ServerFrame, { type: T }>> {
    const match = (f: ServerFrame): boolean => f.type === type && where(f as Extract<ServerFrame, { type: T }>);
    const seen = this.frames.slice(since).find(match);
    if (seen) return Promise.resolve(seen as Extract<ServerFrame, { type: T }>);
    return new Promise((resolve) => this.waiters.push({ match, from: since, resolve: (f) => resolve(f as Extract<ServerFrame, { type: T }>) }));
  }

  /** Sends and waits for the answer of that type (or an error). */
  async request<T extends ServerFrame['type']>(frame: VisitorFrame | Record<string, unknown>, type: T): Promise<Extract<ServerFrame, { type: T }> | Extract<ServerFrame, { type: 'error' }>> {
    const since = this.frames.length;
    this.send(frame);
    const match = (f: ServerFrame): boolean => f.type === type || f.type === 'error';
    const seen = this.frames.slice(since).find(match);
    if (seen) return seen as never;
    return new Promise((resolve) => this.waiters.push({ match, from: since, resolve: (f) => resolve(f as never) }));
  }

  messages(): Extract<ServerFrame, { type: 'message' }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message');
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
