import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/core/log.js';
import { EslOutboundListener, type OutboundArrival } from '../../../../src/pbx/freeswitch/outbound-listener.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/freeswitch/outbound');
const connectReply = readFileSync(join(FIXTURES, '20-connect-reply.txt'));
const notices = readFileSync(join(FIXTURES, 'disconnect-notices.txt')).toString();

let listener: EslOutboundListener | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.destroy();
  await listener?.close();
});

/** Plays FreeSWITCH's side of `socket host:port async full` with the recorded bytes. */
async function freeswitchConnects(port: number): Promise<{ socket: Socket; firstCommand: Promise<string>; closed: Promise<void> }> {
  const s = connect({ host: '127.0.0.1', port });
  await new Promise<void>((r) => s.once('connect', () => r()));
  let text = '';
  const firstCommand = new Promise<string>((resolve) => {
    s.on('data', (chunk) => {
      text += chunk.toString();
      const end = text.indexOf('\n\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
  });
  const closed = new Promise<void>((r) => s.once('close', () => r()));
  return { socket: s, firstCommand, closed };
}

describe('EslOutboundListener', () => {
  it('given FreeSWITCH connects when it answers `connect` in small pieces then the call arrives with decoded channel data', async () => {
    const arrivals: OutboundArrival[] = [];
    listener = new EslOutboundListener({ host: '127.0.0.1', port: 0, logger: silentLogger }, (a) => arrivals.push(a));
    const { port } = await listener.listen();
    const fs = await freeswitchConnects(port);
    socket = fs.socket;
    expect(await fs.firstCommand).toBe('connect');
    for (let i = 0; i < connectReply.length; i += 700) fs.socket.write(connectReply.subarray(i, i + 700));
    await new Promise<void>((r) => {
      const check = (): void => (arrivals.length > 0 ? r() : void setImmediate(check));
      check();
    });
    expect(arrivals).toHaveLength(1);
    expect(arrivals[0]!.headers['Unique-ID']).toBe('d2bbd71e-c3ca-42dd-8a4a-f7fc17ec7076');
    expect(arrivals[0]!.headers['Reply-Text']).toBe('+OK\n');
    expect(arrivals[0]!.headers['Caller-Caller-ID-Number']).toBe('15551230000');
  });

  it('given an arrived call when FreeSWITCH sends its disconnect notice then we close the socket', async () => {
    listener = new EslOutboundListener({ host: '127.0.0.1', port: 0, logger: silentLogger }, () => undefined);
    const { port } = await listener.listen();
    const fs = await freeswitchConnects(port);
    socket = fs.socket;
    await fs.firstCommand;
    fs.socket.write(connectReply);
    const disconnect = notices.slice(notices.indexOf('Content-Type: text/disconnect-notice\nControlled-Session-UUID: 39438f0e'));
    fs.socket.write(disconnect.slice(0, disconnect.indexOf('cluecon.com/\n') + 'cluecon.com/\n'.length));
    await fs.closed;
    expect(fs.socket.readableEnded).toBe(true);
  });

  it('given an arrived call when we release it then FreeSWITCH sees the socket end', async () => {
    let release: (() => void) | undefined;
    listener = new EslOutboundListener({ host: '127.0.0.1', port: 0, logger: silentLogger }, (a) => (release = a.release));
    const { port } = await listener.listen();
    const fs = await freeswitchConnects(port);
    socket = fs.socket;
    await fs.firstCommand;
    fs.socket.write(connectReply);
    await new Promise<void>((r) => {
      const check = (): void => (release ? r() : void setImmediate(check));
      check();
    });
    const ended = new Promise<void>((r) => fs.socket.once('end', () => r()));
    release!();
    await ended;
  });
});
