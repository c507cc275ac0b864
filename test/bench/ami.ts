/**
 * AMI event throughput: our streaming parser (through AmiClient) against the asterisk-manager
 * package, in the same run, over the same bytes: the recorded sessions 05 and 07 (Asterisk
 * 22.10.1, CRLF, every event of a queued call) repeated, served by a local TCP server after a
 * Login exchange. Each client counts every `Event:` message it delivers.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { AmiClient } from '../../src/pbx/asterisk/ami-client.js';

const SESSIONS = ['05-originate-local-into-queue', '07-sip-caller-into-queue'];
const REPEAT = 60;
const ROUNDS = 5;
const CHUNK = 16 * 1024;

function fixture(name: string): Buffer {
  // From dist/test/bench or test/bench alike: the fixtures stay in the source tree.
  for (const base of ['../fixtures/asterisk/ami/', '../../../test/fixtures/asterisk/ami/']) {
    try {
      return readFileSync(fileURLToPath(new URL(`${base}${name}.server.txt`, import.meta.url)));
    } catch {
      // try the next base
    }
  }
  throw new Error(`AMI fixture ${name} not found`);
}

/** The recorded messages after the banner, without action responses (the bench sends no actions). */
function recordedEvents(): { bytes: Buffer; events: number } {
  const messages: string[] = [];
  for (const s of SESSIONS) {
    const text = fixture(s).toString('utf8');
    const body = text.slice(text.indexOf('\r\n') + 2);
    for (const m of body.split('\r\n\r\n')) if (m.startsWith('Event:')) messages.push(`${m}\r\n\r\n`);
  }
  const one = messages.join('');
  return { bytes: Buffer.from(one.repeat(REPEAT)), events: messages.length * REPEAT };
}

/** Banner, answer the Login (whatever its casing), then stream the payload in chunks. */
async function serve(payload: Buffer): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    let buf = '';
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0 || !/action: login/i.test(buf)) return;
      const id = /actionid: (.*)/i.exec(buf.slice(0, end))?.[1]?.trim() ?? '';
      buf = '';
      socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      let off = 0;
      const pump = (): void => {
        while (off < payload.length) {
          const chunk = payload.subarray(off, off + CHUNK);
          off += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function ours(port: number, expected: number): Promise<number> {
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'bench', secret: 'bench', clock: systemClock, logger: silentLogger });
  let count = 0;
  let start = 0;
  const done = new Promise<number>((resolve) => {
    client.onEvent(() => {
      if (++count === expected) resolve(performance.now() - start);
    });
  });
  start = performance.now();
  await client.start();
  const ms = await done;
  await client.close();
  return ms;
}

interface LegacyManager {
  on(event: string, fn: (e: unknown) => void): void;
  disconnect(): void;
}

async function theirs(port: number, expected: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const Manager = require('asterisk-manager') as new (port: number, host: string, user: string, pass: string, events: boolean) => LegacyManager;
  let count = 0;
  const start = performance.now();
  const ms = await new Promise<number>((resolve) => {
    const ami = new Manager(port, '127.0.0.1', 'bench', 'bench', true);
    ami.on('managerevent', () => {
      if (++count === expected) {
        resolve(performance.now() - start);
        ami.disconnect();
      }
    });
  });
  return ms;
}

export async function runAmiBench(): Promise<void> {
  const { bytes, events } = recordedEvents();
  const server = await serve(bytes);
  const rows: { name: string; ms: number[] }[] = [
    { name: 'switchboard AmiClient', ms: [] },
    { name: 'asterisk-manager 0.2.0', ms: [] },
  ];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      rows[0]?.ms.push(await ours(server.port, events));
      rows[1]?.ms.push(await theirs(server.port, events));
    }
  } finally {
    await server.close();
  }
  const best = (ms: number[]) => Math.min(...ms);
  const rate = (ms: number[]) => Math.round(events / (best(ms) / 1000));
  console.log(`AMI events/s over local TCP: ${events} events (${(bytes.length / 1e6).toFixed(1)} MB, sessions 05+07 x${REPEAT}), best of ${ROUNDS}`);
  for (const r of rows) console.log(`  ${r.name.padEnd(24)} ${String(rate(r.ms)).padStart(10)} events/s  (${best(r.ms).toFixed(1)} ms)`);
  const [a, b] = rows;
  if (a && b) console.log(`  ratio switchboard / asterisk-manager: ${(rate(a.ms) / rate(b.ms)).toFixed(2)}x`);
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) await runAmiBench();
