/**
 * Transport of the fake ARI: HTTP REST and the `/ari/events` WebSocket upgrade on one port
 * (127.0.0.1, port 0). Headers as recorded: `cache-control: no-cache, no-store`,
 * `content-length`, `content-type` only with a body, `date`, `location` on 201,
 * `server: Asterisk/22.10.1`; 401 carries `www-authenticate`.
 *
 * Restart behaviour as recorded in ws-asterisk-restart: sockets die without a close frame
 * (1006), the port refuses connections, then the upgrade is answered 404 while modules load.
 */
import http from 'node:http';
import type net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ERR, SERVER_HEADER } from './ari-frames.js';
import type { Reply } from './fake-model.js';

export type AriMode = 'up' | 'booting' | 'down';

export interface AriTransportHandlers {
  /** A REST request; `app` sockets are open for the named apps. */
  rest(method: string, path: string, query: URLSearchParams, body: unknown): Reply;
  /** A WebSocket for `app` is now the app's event socket. */
  attached(app: string): void;
}

export class FakeAriServer {
  readonly server = http.createServer((req, res) => this.onRequest(req, res));
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<net.Socket>();
  /** The socket receiving each app's events (Asterisk keeps a replaced one open but silent). */
  private readonly appSockets = new Map<string, WebSocket>();
  mode: AriMode = 'up';
  port = 0;
  upgrades404 = 0;
  upgradesAccepted = 0;
  /** `METHOD /path` of every authorized REST request, in arrival order (command-order tests). */
  readonly requestsSeen: string[] = [];
  /** Told of each authorized REST request as it arrives (the set-up benchmark timestamps them). */
  onWire: ((line: string) => void) | undefined;

  constructor(
    private readonly auth: { username: string; password: string },
    private readonly handlers: AriTransportHandlers,
  ) {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as net.Socket, head));
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  hasApp(app: string): boolean {
    return this.appSockets.has(app);
  }

  send(app: string, event: Record<string, unknown>): void {
    const ws = this.appSockets.get(app);
    if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
  }

  /** Asterisk dies: every TCP connection is cut without a close frame, and the port closes. */
  async crash(): Promise<void> {
    this.mode = 'down';
    this.appSockets.clear();
    for (const s of this.sockets) s.destroy();
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Asterisk comes back: listening on the same port, in `mode` ('booting' answers 404 upgrades). */
  async boot(mode: AriMode = 'up'): Promise<void> {
    await this.listen(this.port);
    this.mode = mode;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    for (const s of this.sockets) s.destroy();
    this.wss.close();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: http.IncomingMessage, url: URL): boolean {
    const h = req.headers.authorization ?? '';
    const basic = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    return h === basic || url.searchParams.get('api_key') === `${this.auth.username}:${this.auth.password}`;
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (!this.authorized(req, url)) {
        this.write(res, { status: 401, body: ERR.authRequired, headers: { 'www-authenticate': 'Basic realm="Asterisk REST Interface"' } });
        return;
      }
      const line = `${req.method ?? 'GET'} ${url.pathname}`;
      this.requestsSeen.push(line);
      this.onWire?.(line);
      let body: unknown = undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          this.write(res, { status: 400, body: { message: 'Failed to parse body' } });
          return;
        }
      }
      const reply = this.handlers.rest(req.method ?? 'GET', url.pathname, url.searchParams, body);
      this.write(res, reply);
      reply.after?.();
    });
  }

  private write(res: http.ServerResponse, reply: Reply): void {
    const payload = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body));
    const headers: Record<string, string | number> = { 'cache-control': 'no-cache, no-store', 'content-length': payload.length };
    if (payload.length > 0) headers['content-type'] = 'application/json';
    headers.date = new Date().toUTCString();
    for (const [k, v] of Object.entries(reply.headers ?? {})) headers[k] = v;
    headers.server = SERVER_HEADER;
    res.writeHead(reply.status, statusText(reply.status), headers);
    res.end(payload);
  }

  private onUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const app = url.searchParams.get('app');
    const reject = (status: number, body: unknown) => {
      const payload = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${statusText(status)}\r\nServer: ${SERVER_HEADER}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
      );
    };
    if (this.mode === 'booting' || url.pathname !== '/ari/events') {
      this.upgrades404++;
      reject(404, ERR.resourceNotFound);
      return;
    }
    if (!this.authorized(req, url)) return reject(401, ERR.authRequired);
    if (!app) return reject(400, { message: "Missing parameter 'app'" });
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.upgradesAccepted++;
      const old = this.appSockets.get(app);
      // Recorded: the old socket gets ApplicationReplaced and is left open, receiving nothing.
      if (old && old.readyState === old.OPEN) {
        old.send(JSON.stringify({ type: 'ApplicationReplaced', timestamp: new Date().toISOString().replace('Z', '+0000'), application: app, asterisk_id: '02:fc:00:00:00:01' }));
      }
      this.appSockets.set(app, ws);
      ws.on('close', () => {
        if (this.appSockets.get(app) === ws) this.appSockets.delete(app);
      });
      this.handlers.attached(app);
    });
  }
}

function statusText(status: number): string {
  return http.STATUS_CODES[status] ?? '';
}
