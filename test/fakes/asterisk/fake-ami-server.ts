/**
 * A fake AMI (TCP, 127.0.0.1, port 0) speaking like the recorded sessions in
 * test/fixtures/asterisk/ami: CRLF lines, the one-line banner, `\r\n\r\n` message ends, list
 * actions with `EventList: start` ... `Complete`, a failed Login answered late and then the
 * socket closed, `Event: Shutdown` then close on restart. Its own tiny parser keeps it
 * independent of the client under test.
 */
import net from 'node:net';
import type { Clock } from '../../../src/core/clock.js';

export interface FakeAmiOptions {
  username: string;
  secret: string;
  clock: Clock;
  /** Phone name -> registered? (shared with the fake ARI). */
  phones: Map<string, 'registered' | 'unregistered'>;
  /** Asterisk sleeps ~1 s before answering a bad login (02-login-failed). */
  loginFailDelayMs?: number;
}

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

export function amiMessage(fields: [string, string][]): string {
  return fields.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

interface Session {
  socket: net.Socket;
  loggedIn: boolean;
  buffer: string;
}

export class FakeAmiServer {
  private readonly server = net.createServer((s) => this.onConnection(s));
  private readonly sessions = new Set<Session>();
  port = 0;
  /** Every action received, in order (for assertions on what the client sent). */
  readonly actions: Record<string, string>[] = [];
  /** Told of each action as it arrives, as `AMI <Action>` (the set-up benchmark timestamps them). */
  onWire: ((line: string) => void) | undefined;

  constructor(private readonly opts: FakeAmiOptions) {}

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

  /** Push raw bytes to every logged-in session (framing tests, replays). */
  pushRaw(bytes: string | Buffer): void {
    for (const s of this.sessions) if (s.loggedIn) s.socket.write(bytes);
  }

  event(fields: [string, string][]): void {
    const stamp = (this.opts.clock.now() / 1000).toFixed(6);
    const [first, ...rest] = fields;
    if (!first) return;
    this.pushRaw(amiMessage([first, ['Privilege', 'system,all'], ['Timestamp', stamp], ...rest]));
  }

  /** A phone registers or goes away: ContactStatus, then DeviceStateChange (as Asterisk orders them). */
  presence(phone: string, registered: boolean): void {
    this.event([
      ['Event', 'ContactStatus'],
      ['URI', `sip:${phone}@127.0.0.1:5060`],
      ['ContactStatus', registered ? 'Created' : 'Removed'],
      ['AOR', phone],
      ['EndpointName', phone],
      ['RoundtripUsec', '0'],
    ]);
    this.event([
      ['Event', 'DeviceStateChange'],
      ['Device', `PJSIP/${phone}`],
      ['State', registered ? 'NOT_INUSE' : 'UNAVAILABLE'],
    ]);
  }

  /** `core restart now`: Shutdown event, then every socket closes and the port refuses. */
  async shutdown(): Promise<void> {
    this.event([['Event', 'Shutdown'], ['Shutdown', 'Cleanly'], ['Restart', 'True']]);
    for (const s of this.sessions) s.socket.end();
    for (const s of this.sessions) s.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    const s: Session = { socket, loggedIn: false, buffer: '' };
    this.sessions.add(s);
    socket.on('close', () => this.sessions.delete(s));
    socket.on('error', () => undefined);
    socket.write(BANNER);
    socket.on('data', (chunk: Buffer) => {
      s.buffer += chunk.toString('utf8');
      let end: number;
      while ((end = s.buffer.indexOf('\r\n\r\n')) >= 0) {
        const text = s.buffer.slice(0, end);
        s.buffer = s.buffer.slice(end + 4);
        const fields: Record<string, string> = {};
        for (const line of text.split('\r\n')) {
          const i = line.indexOf(':');
          if (i > 0) fields[line.slice(0, i)] = line.slice(i + 1).trim();
        }
        this.actions.push(fields);
        this.onWire?.(`AMI ${fields.Action ?? ''}`);
        this.onAction(s, fields);
      }
    });
  }

  private onAction(s: Session, a: Record<string, string>): void {
    const id = a.ActionID ?? '';
    const reply = (fields: [string, string][]) => s.socket.write(amiMessage(fields));
    const action = (a.Action ?? '').toLowerCase();
    if (action === 'login') {
      if (a.Username === this.opts.username && a.Secret === this.opts.secret) {
        s.loggedIn = true;
        reply([['Response', 'Success'], ['ActionID', id], ['Message', 'Authentication accepted']]);
        reply([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', '260'], ['LastReload', '35'], ['Status', 'Fully Booted']]);
        return;
      }
      this.opts.clock.setTimeout(() => {
        reply([['Response', 'Error'], ['ActionID', id], ['Message', 'Authentication failed']]);
        s.socket.end();
      }, this.opts.loginFailDelayMs ?? 1_000);
      return;
    }
    if (!s.loggedIn) {
      reply([['Response', 'Error'], ['ActionID', id], ['Message', 'Permission denied']]);
      return;
    }
    if (action === 'ping') {
      reply([['Response', 'Success'], ['ActionID', id], ['Ping', 'Pong'], ['Timestamp', (this.opts.clock.now() / 1000).toFixed(6)]]);
    } else if (action === 'logoff') {
      reply([['Response', 'Goodbye'], ['ActionID', id], ['Message', 'Thanks for all the fish.']]);
      s.socket.end();
    } else if (action === 'pjsipshowendpoints') {
      this.endpointList(s, id);
    } else {
      reply([
        ['Response', 'Error'],
        ['ActionID', id],
        ['Message', `Invalid/unknown command: ${a.Action ?? ''}. Use Action: ListCommands to show available commands.`],
      ]);
    }
  }

  private endpointList(s: Session, id: string): void {
    const out: string[] = [
      amiMessage([['Response', 'Success'], ['ActionID', id], ['EventList', 'start'], ['Message', 'A listing of Endpoints follows, presented as EndpointList events']]),
    ];
    const names = [...this.opts.phones.keys()].sort();
    for (const name of names) {
      const registered = this.opts.phones.get(name) === 'registered';
      out.push(
        amiMessage([
          ['Event', 'EndpointList'],
          ['ActionID', id],
          ['ObjectType', 'endpoint'],
          ['ObjectName', name],
          ['Transport', 'transport-udp'],
          ['Aor', name],
          ['Auths', ''],
          ['OutboundAuths', ''],
          ['Contacts', registered ? `${name}/sip:${name}@127.0.0.1:5060,` : ''],
          ['DeviceState', registered ? 'Not in use' : 'Unavailable'],
          ['ActiveChannels', '0'],
        ]),
      );
    }
    out.push(amiMessage([['Event', 'EndpointListComplete'], ['ActionID', id], ['EventList', 'Complete'], ['ListItems', String(names.length)]]));
    s.socket.write(out.join(''));
  }
}
