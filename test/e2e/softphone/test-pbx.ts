/**
 * A tiny PBX for the softphone test: SIP over WebSocket (subprotocol "sip") on 127.0.0.1, port 0.
 * It is a registrar with digest authentication (MD5, qop=auth, the way Asterisk and FreeSWITCH
 * challenge), a UAS for the browser's calls (challenged like the registration) and a UAC that
 * rings the registered browser. It carries no media: SDP comes from the test (a second
 * RTCPeerConnection in the page plays the media server), so the browser negotiates with a real
 * WebRTC peer. Every message the browser sends is kept in `received`, in order.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { digestParams, formatSip, header, headersOf, param, parseSip, uriOf, type SipMessage } from './sip-message.js';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const token = (): string => randomBytes(6).toString('hex');

export interface TestPbxOptions {
  realm: string;
  /** The SIP domain of the addresses (To/From of the calls it places). */
  domain: string;
  /** Authorization username -> password. */
  users: Record<string, string>;
  /** The far end's answer to an offer the browser sends in a re-INVITE (hold, resume). */
  answerReinvite(offer: string): Promise<string>;
}

/** A dialog as this side sees it, for the requests it sends inside it. */
export interface Dialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Where in-dialog requests go: the browser's Contact. */
  remoteTarget: string;
  /** Our From/To as this side writes them. */
  local: string;
  remote: string;
  cseq: number;
}

/** A call the browser placed, waiting for the test to ring, answer or refuse it. */
export interface BrowserInvite {
  request: SipMessage;
  sdp: string;
  ringing(): void;
  answer(sdp: string): Dialog;
  reject(status: number, reason: string): void;
}

type Waiter = { match: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void };

export class TestPbx {
  readonly received: SipMessage[] = [];
  /** The browser's registered Contact URI (undefined before a REGISTER succeeded). */
  contact: string | undefined;
  /** The address the browser registered (the To of its REGISTER). */
  aor: string | undefined;
  /** The registered browser's connection: requests from this side go there. */
  private socket: WebSocket | undefined;
  private readonly waiters: Waiter[] = [];
  private readonly invites: BrowserInvite[] = [];
  private closed = false;
  private readonly inviteWaiters: ((i: BrowserInvite) => void)[] = [];
  private readonly nonces = new Set<string>();
  /** Responses go back on the connection the request came from (several browsers may connect). */
  private readonly replyTo = new WeakMap<SipMessage, WebSocket>();

  private constructor(
    private readonly server: WebSocketServer,
    private readonly options: TestPbxOptions,
  ) {
    server.on('connection', (socket) => {
      socket.on('message', (data) => this.onMessage(socket, parseSip(data.toString())));
    });
  }

  static async start(options: TestPbxOptions): Promise<TestPbx> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new TestPbx(server, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The first message from the browser (already received or still to come) that matches. */
  waitFor(match: (m: SipMessage) => boolean, after = 0): Promise<SipMessage> {
    const seen = this.received.slice(after).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** The next call the browser places. */
  nextInvite(): Promise<BrowserInvite> {
    const queued = this.invites.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.inviteWaiters.push(resolve));
  }

  /** Rings the registered browser with this SDP offer; resolves on the final response (2xx acknowledged). */
  async call(from: { user: string; name: string }, offer: string): Promise<{ response: SipMessage; dialog?: Dialog }> {
    if (!this.contact) throw new Error('nothing registered to call');
    const callId = token();
    const localTag = token();
    const branch = `z9hG4bK${token()}`;
    const local = `"${from.name}" <sip:${from.user}@${this.options.domain}>;tag=${localTag}`;
    const to = `<${this.aor ?? this.contact}>`;
    const base: [string, string][] = [
      ['Via', `SIP/2.0/WSS ${this.host};branch=${branch}`],
      ['Max-Forwards', '70'],
      ['From', local],
      ['To', to],
      ['Call-ID', callId],
      ['CSeq', '1 INVITE'],
    ];
    const after = this.received.length;
    this.send(formatSip(`INVITE ${this.contact} SIP/2.0`, [...base, ['Contact', `<sip:pbx@${this.host};transport=ws>`], ['Content-Type', 'application/sdp']], offer));
    const response = await this.waitFor((m) => m.status !== undefined && m.status >= 200 && header(m, 'call-id') === callId, after);
    const toHeader = header(response, 'to') ?? to;
    const status = response.status as number;
    if (status >= 300) {
      // A non-2xx final response is acknowledged in its own transaction (same branch).
      this.send(formatSip(`ACK ${this.contact} SIP/2.0`, [base[0] as [string, string], ['Max-Forwards', '70'], ['From', local], ['To', toHeader], ['Call-ID', callId], ['CSeq', '1 ACK']]));
      return { response };
    }
    const dialog: Dialog = { callId, localTag, remoteTag: param(toHeader, 'tag') ?? '', remoteTarget: uriOf(header(response, 'contact')) ?? this.contact, local, remote: toHeader, cseq: 1 };
    this.inDialog(dialog, 'ACK', dialog.cseq);
    return { response, dialog };
  }

  /** Hangs up a call from this side; resolves on the browser's answer to the BYE. */
  async bye(dialog: Dialog): Promise<SipMessage> {
    dialog.cseq += 1;
    const after = this.received.length;
    this.inDialog(dialog, 'BYE', dialog.cseq);
    const cseq = dialog.cseq;
    return this.waitFor((m) => m.status !== undefined && header(m, 'call-id') === dialog.callId && header(m, 'cseq') === `${cseq} BYE`, after);
  }

  /** Stops the PBX (a test may stop it early to play an outage; a second close does nothing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private inDialog(dialog: Dialog, method: string, cseq: number): void {
    this.send(
      formatSip(`${method} ${dialog.remoteTarget} SIP/2.0`, [
        ['Via', `SIP/2.0/WSS ${this.host};branch=z9hG4bK${token()}`],
        ['Max-Forwards', '70'],
        ['From', dialog.local],
        ['To', dialog.remote],
        ['Call-ID', dialog.callId],
        ['CSeq', `${cseq} ${method}`],
      ]),
    );
  }

  private onMessage(socket: WebSocket, m: SipMessage): void {
    this.replyTo.set(m, socket);
    this.received.push(m);
    for (const w of [...this.waiters]) {
      if (w.match(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
    if (m.method) this.onRequest(m).catch((err: unknown) => this.respond(m, 500, `Test PBX failed: ${String(err)}`));
  }

  private async onRequest(m: SipMessage): Promise<void> {
    const inDialog = param(header(m, 'to'), 'tag') !== undefined;
    switch (m.method) {
      case 'REGISTER':
        if (!this.authorized(m, 'authorization')) return this.challenge(m);
        this.contact = uriOf(header(m, 'contact'));
        this.socket = this.replyTo.get(m);
        this.aor = uriOf(header(m, 'to'));
        return this.respond(m, 200, 'OK', [['Contact', header(m, 'contact') ?? '']]);
      case 'INVITE':
        if (inDialog) {
          const answer = await this.options.answerReinvite(m.body);
          return this.respond(m, 200, 'OK', [['Contact', `<sip:pbx@${this.host};transport=ws>`], ['Content-Type', 'application/sdp']], answer);
        }
        if (!this.authorized(m, 'authorization')) return this.challenge(m);
        return this.queueInvite(m);
      case 'ACK':
        return;
      case 'CANCEL':
        this.respond(m, 200, 'OK');
        return;
      default:
        // BYE, INFO, OPTIONS: accepted; the test reads them from `received`.
        return this.respond(m, 200, 'OK');
    }
  }

  private queueInvite(m: SipMessage): void {
    const tag = token();
    let answered = false;
    const invite: BrowserInvite = {
      request: m,
      sdp: m.body,
      ringing: () => this.respond(m, 180, 'Ringing', [], '', tag),
      answer: (sdp) => {
        answered = true;
        this.respond(m, 200, 'OK', [['Contact', `<sip:pbx@${this.host};transport=ws>`], ['Content-Type', 'application/sdp']], sdp, tag);
        const from = header(m, 'from') ?? '';
        const to = `${header(m, 'to') ?? ''};tag=${tag}`;
        return { callId: header(m, 'call-id') ?? '', localTag: tag, remoteTag: param(from, 'tag') ?? '', remoteTarget: uriOf(header(m, 'contact')) ?? '', local: to, remote: from, cseq: 100 };
      },
      reject: (status, reason) => {
        if (!answered) this.respond(m, status, reason, [], '', tag);
      },
    };
    const waiter = this.inviteWaiters.shift();
    if (waiter) waiter(invite);
    else this.invites.push(invite);
  }

  /** Checks a digest response the way a registrar does: known user, our nonce, right hash. */
  private authorized(m: SipMessage, headerName: string): boolean {
    const d = digestParams(header(m, headerName));
    const password = d.username === undefined ? undefined : this.options.users[d.username];
    if (password === undefined || d.realm !== this.options.realm || !d.nonce || !this.nonces.has(d.nonce)) return false;
    const ha1 = md5(`${d.username}:${d.realm}:${password}`);
    const ha2 = md5(`${m.method}:${d.uri}`);
    const expected = d.qop ? md5(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${ha2}`) : md5(`${ha1}:${d.nonce}:${ha2}`);
    return d.response === expected;
  }

  private challenge(m: SipMessage): void {
    const nonce = token() + token();
    this.nonces.add(nonce);
    this.respond(m, 401, 'Unauthorized', [['WWW-Authenticate', `Digest realm="${this.options.realm}", nonce="${nonce}", qop="auth", algorithm=MD5`]]);
  }

  private respond(m: SipMessage, status: number, reason: string, extra: [string, string][] = [], body = '', toTag?: string): void {
    const to = header(m, 'to') ?? '';
    const tagged = param(to, 'tag') || status === 100 ? to : `${to};tag=${toTag ?? token()}`;
    const headers: [string, string][] = [
      ...headersOf(m, 'via').map((v) => ['Via', v] as [string, string]),
      ['From', header(m, 'from') ?? ''],
      ['To', tagged],
      ['Call-ID', header(m, 'call-id') ?? ''],
      ['CSeq', header(m, 'cseq') ?? ''],
      ...extra,
    ];
    this.send(formatSip(`SIP/2.0 ${status} ${reason}`, headers, body), this.replyTo.get(m));
  }

  private send(text: string, socket = this.socket): void {
    if (!socket) throw new Error('no browser registered');
    socket.send(text);
  }
}
