import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { isAppError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/log.js';
import { EslConnection, frameText } from '../../../../src/pbx/freeswitch/esl-connection.js';
import type { EslEvent } from '../../../../src/pbx/freeswitch/esl-event.js';

/**
 * A port-0 server that writes recorded FreeSWITCH bytes: `script` maps each command line the
 * client sends to the raw reply bytes (taken from the captures).
 */
interface RawServer {
  port: number;
  received: string[];
  sockets: Socket[];
  close(): Promise<void>;
}

const AUTH_REQUEST = 'Content-Type: auth/request\n\n';
const ACCEPTED = 'Content-Type: command/reply\nReply-Text: +OK accepted\n\n';
const LISTENING = 'Content-Type: command/reply\nReply-Text: +OK event listener enabled json\n\n';
const GOODBYE = 'Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

async function rawServer(script: (command: string, socket: Socket) => void): Promise<RawServer> {
  const received: string[] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        received.push(block);
        script(block, socket);
      }
    });
    socket.on('error', () => undefined);
    socket.write(AUTH_REQUEST);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

const standard = (extra: (command: string, socket: Socket) => boolean = () => false) => (command: string, socket: Socket) => {
  if (extra(command, socket)) return;
  if (command.startsWith('auth ')) socket.write(command === 'auth s3cret' ? ACCEPTED : 'Content-Type: command/reply\nReply-Text: -ERR invalid\n\n' + GOODBYE);
  else if (command.startsWith('event ')) socket.write(LISTENING);
};

let server: RawServer | undefined;
let conn: EslConnection | undefined;
afterEach(async () => {
  conn?.destroy('test over');
  await server?.close();
  server = undefined;
  conn = undefined;
});

function open(port: number, clock = new FakeClock(), password = 's3cret'): Promise<EslConnection> {
  return EslConnection.open({ host: '127.0.0.1', port, password, events: ['CHANNEL_ANSWER', 'BACKGROUND_JOB'], format: 'json', clock, logger: silentLogger });
}

describe('EslConnection', () => {
  it('given the right password when it opens then it authenticates and subscribes in that order', async () => {
    server = await rawServer(standard());
    conn = await open(server.port);
    expect(server.received).toEqual(['auth s3cret', 'event json CHANNEL_ANSWER BACKGROUND_JOB']);
    expect(conn.isOpen()).toBe(true);
  });

  it('given a wrong password when it opens then it is PBX_REJECTED and the socket closes', async () => {
    server = await rawServer(standard());
    const err = await open(server.port, new FakeClock(), 'wrong').catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_REJECTED')).toBe(true);
  });

  it('given nothing listens when it opens then it is PBX_UNAVAILABLE', async () => {
    server = await rawServer(standard());
    const port = server.port;
    await server.close();
    server = undefined;
    const err = await open(port).catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_UNAVAILABLE')).toBe(true);
  });

  it('given api calls and events interleaved when replies come back then each call gets its own reply in order', async () => {
    server = await rawServer(
      standard((command, socket) => {
        if (command === 'api uuid_getvar abc cti_tag') {
          socket.write('Content-Length: 60\nContent-Type: text/event-json\n\n{"Event-Name":"CHANNEL_ANSWER","Unique-ID":"abc","X":"done"}');
          socket.write('Content-Type: api/response\nContent-Length: 6\n\nlab-42');
          return true;
        }
        if (command === 'api uuid_kill 00000000-0000-0000-0000-000000000000') {
          socket.write('Content-Type: api/response\nContent-Length: 22\n\n-ERR No such channel!\n');
          return true;
        }
        return false;
      }),
    );
    conn = await open(server.port);
    const events: EslEvent[] = [];
    conn.onEvent((e) => events.push(e));
    const [a, b] = await Promise.all([conn.api('uuid_getvar abc cti_tag'), conn.api('uuid_kill 00000000-0000-0000-0000-000000000000')]);
    expect(a).toBe('lab-42');
    expect(b).toBe('-ERR No such channel!\n');
    expect(events.map((e) => e.get('Unique-ID'))).toEqual(['abc']);
  });

  it('given bgapi with our Job-UUID when BACKGROUND_JOB arrives before the reply then the result still reaches the caller', async () => {
    server = await rawServer(
      standard((command, socket) => {
        const job = /^bgapi originate error\/USER_BUSY &park\(\)\nJob-UUID: (\S+)$/.exec(command)?.[1];
        if (!job) return false;
        const body = JSON.stringify({ 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': job, 'Job-Command': 'originate', 'Content-Length': '15', _body: '-ERR USER_BUSY\n' });
        socket.write(`Content-Length: ${Buffer.byteLength(body)}\nContent-Type: text/event-json\n\n${body}`);
        socket.write(`Content-Type: command/reply\nReply-Text: +OK Job-UUID: ${job}\nJob-UUID: ${job}\n\n`);
        return true;
      }),
    );
    conn = await open(server.port);
    const job = conn.bgapi('originate error/USER_BUSY &park()', '6de9daf5-e138-4b5f-af7d-4d060e030e80');
    await job.accepted;
    expect(job.jobUuid).toBe('6de9daf5-e138-4b5f-af7d-4d060e030e80');
    expect(await job.result).toBe('-ERR USER_BUSY\n');
  });

  it('given an `-ERR` command reply then command() rejects PBX_REJECTED with the reply', async () => {
    server = await rawServer(
      standard((command, socket) => {
        if (command !== 'filter') return false;
        socket.write('Content-Type: command/reply\nReply-Text: -ERR command not found\n\n');
        return true;
      }),
    );
    conn = await open(server.port);
    const err = await conn.command('filter').catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_REJECTED')).toBe(true);
    expect((err as { details: unknown }).details).toEqual({ reply: '-ERR command not found' });
  });

  it('given a filter when FreeSWITCH accepts it then the recorded confirmation is returned', async () => {
    server = await rawServer(
      standard((command, socket) => {
        if (command !== 'filter Unique-ID 11111111-2222-3333-4444-555555555555') return false;
        socket.write('Content-Type: command/reply\nReply-Text: +OK filter added. [Unique-ID]=[11111111-2222-3333-4444-555555555555]\n\n');
        return true;
      }),
    );
    conn = await open(server.port);
    expect(await conn.filter('Unique-ID', '11111111-2222-3333-4444-555555555555')).toBe('+OK filter added. [Unique-ID]=[11111111-2222-3333-4444-555555555555]');
  });

  it('given a disconnect notice when it arrives then the connection closes and pending calls reject PBX_UNAVAILABLE', async () => {
    server = await rawServer(
      standard((command, socket) => {
        if (command !== 'api status') return false;
        socket.write(GOODBYE);
        return true;
      }),
    );
    conn = await open(server.port);
    const reasons: string[] = [];
    conn.onClose((r) => reasons.push(r));
    const err = await conn.api('status').catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_UNAVAILABLE')).toBe(true);
    expect(reasons).toEqual(['FreeSWITCH sent a disconnect notice']);
    expect(conn.isOpen()).toBe(false);
  });

  it('given no heartbeat for the watch interval when time passes then the connection is dropped', async () => {
    server = await rawServer(standard());
    const clock = new FakeClock();
    conn = await EslConnection.open({
      host: '127.0.0.1', port: server.port, password: 's3cret', events: ['HEARTBEAT'], format: 'json', clock, logger: silentLogger, heartbeatTimeoutMs: 30_000,
    });
    const closed = new Promise<string>((r) => conn!.onClose(r));
    clock.advance(29_000);
    expect(conn.isOpen()).toBe(true);
    clock.advance(1_000);
    expect(await closed).toBe('no heartbeat for 30000 ms');
  });

  it('given a command FreeSWITCH never answers when the timeout passes then it is PBX_TIMEOUT and the link is reset', async () => {
    server = await rawServer(standard((command) => command === 'api status'));
    const clock = new FakeClock();
    conn = await EslConnection.open({
      host: '127.0.0.1', port: server.port, password: 's3cret', events: [], format: 'json', clock, logger: silentLogger, commandTimeoutMs: 5_000,
    });
    const pending = conn.api('status').catch((e: unknown) => e);
    clock.advance(5_000);
    expect(isAppError(await pending, 'PBX_TIMEOUT')).toBe(true);
    expect(conn.isOpen()).toBe(false);
  });

  it('given a malformed json event between two good ones when they arrive then it is dropped with a coded warning and the link and the others go on', async () => {
    const warnings: { code?: unknown }[] = [];
    const logger = { ...silentLogger, warn: (obj: Record<string, unknown>) => void warnings.push(obj), child: () => logger };
    server = await rawServer(
      standard((command, socket) => {
        if (command !== 'api status') return false;
        for (const body of ['{"Event-Name":"CHANNEL_ANSWER","Unique-ID":"a"}', '{"Event-Name":"CHANNEL_ANSWER","Unique-ID":"\\x', '{"Event-Name":"CHANNEL_ANSWER","Unique-ID":"c"}']) {
          socket.write(`Content-Length: ${Buffer.byteLength(body)}\nContent-Type: text/event-json\n\n${body}`);
        }
        socket.write('Content-Type: api/response\nContent-Length: 2\n\nUP');
        return true;
      }),
    );
    conn = await EslConnection.open({ host: '127.0.0.1', port: server.port, password: 's3cret', events: ['CHANNEL_ANSWER'], format: 'json', clock: new FakeClock(), logger });
    const ids: (string | undefined)[] = [];
    conn.onEvent((e) => void ids.push(e.get('Unique-ID')));
    expect(await conn.api('status')).toBe('UP');
    expect(ids).toEqual(['a', 'c']);
    expect(warnings.map((w) => w.code)).toEqual(['PBX_PROTOCOL']);
    expect(conn.isOpen()).toBe(true);
  });

  it('given a frame announcing a body past the limit when it arrives then the link is dropped at once instead of buffering it', async () => {
    server = await rawServer(
      standard((command, socket) => {
        if (command !== 'api status') return false;
        socket.write('Content-Type: api/response\nContent-Length: 99999999999\n\nxxxx');
        return true;
      }),
    );
    conn = await open(server.port);
    const closed = new Promise<string>((resolve) => conn!.onClose(resolve));
    const err = await conn.api('status').catch((e: unknown) => e);
    expect(isAppError(err, 'PBX_UNAVAILABLE')).toBe(true);
    expect(await closed).toMatch(/protocol error: .*Content-Length of 99999999999 passes the limit/);
  });

  it('given header values with line breaks when a command is framed then it is refused instead of smuggling commands', () => {
    expect(() => frameText('api status\n\nexit')).toThrow(/line breaks/);
    expect(() => frameText('sendmsg x', { 'execute-app-arg': 'a\n\napi x' })).toThrow(/line breaks/);
    expect(frameText('sendmsg x', { 'call-command': 'execute' })).toBe('sendmsg x\ncall-command: execute\n\n');
  });
});
