import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../../src/core/errors.js';
import { AmiParser, formatAmiAction, type AmiMessage } from '../../../../src/pbx/asterisk/ami-parser.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/asterisk/ami/', import.meta.url));
const session = (name: string) => readFileSync(`${fixtures}${name}.server.txt`);

function collect(chunks: Buffer[]): { banner: string[]; messages: AmiMessage[]; errors: AppError[] } {
  const out = { banner: [] as string[], messages: [] as AmiMessage[], errors: [] as AppError[] };
  const p = new AmiParser({
    banner: (b) => out.banner.push(b),
    message: (m) => out.messages.push(m),
    error: (e) => out.errors.push(e),
  });
  for (const c of chunks) p.push(c);
  return out;
}

function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(buf.subarray(last, p));
    last = p;
  }
  out.push(buf.subarray(last));
  return out;
}

describe('AMI parser', () => {
  it('given the recorded login/ping/logoff session when parsed then banner and every message come out with their fields', () => {
    const bytes = session('01-login-ping-logoff');
    const { banner, messages, errors } = collect([bytes]);
    expect(banner).toEqual(['Asterisk Call Manager/11.0.0']);
    expect(errors).toEqual([]);
    expect(messages.map((m) => m.Response ?? m.Event)).toEqual([
      'Success',
      'FullyBooted',
      'SuccessfulAuth',
      'Success',
      'Success',
      'Success',
      'Goodbye',
    ]);
    expect(messages[0]).toEqual({ Response: 'Success', ActionID: '01-login-ping-logoff-1', Message: 'Authentication accepted' });
    expect(messages[3]).toMatchObject({ Ping: 'Pong', Timestamp: '1795246734.840264' });
    // An empty value stays an empty string ("SystemName: ").
    expect(messages[5]?.SystemName).toBe('');
  });

  it('given a recorded queue call when cut at arbitrary byte positions then the messages are identical to one read', () => {
    const bytes = session('07-sip-caller-into-queue');
    const whole = collect([bytes]).messages;
    expect(whole.length).toBeGreaterThan(100);
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 40 }), (cuts) => {
        const parts = collect(splitAt(bytes, cuts));
        expect(parts.messages).toEqual(whole);
        expect(parts.errors).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('given a session fed one byte at a time when parsed then nothing is lost', () => {
    const bytes = session('03-idle-status');
    const oneByOne = collect([...bytes].map((b) => Buffer.from([b]))).messages;
    expect(oneByOne).toEqual(collect([bytes]).messages);
    const list = oneByOne.filter((m) => m.Event === 'EndpointList').map((m) => m.ObjectName);
    expect(list).toEqual(['agent1', 'agent2', 'caller', 'supervisor']);
  });

  it('given a UTF-8 character split across two reads when parsed then it is decoded intact', () => {
    const text = Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: Newcallerid\r\nCallerIDName: Zoë ☎ Müller\r\n\r\n');
    const cut = text.indexOf(Buffer.from('☎')) + 1;
    const { messages } = collect([text.subarray(0, cut), text.subarray(cut)]);
    expect(messages).toEqual([{ Event: 'Newcallerid', CallerIDName: 'Zoë ☎ Müller' }]);
  });

  it('given a line without a colon when parsed then a PBX_PROTOCOL error is reported and parsing goes on', () => {
    const { messages, errors } = collect([
      Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: A\r\ngarbage line\r\n\r\nEvent: B\r\n\r\n'),
    ]);
    expect(errors.map((e) => e.code)).toEqual(['PBX_PROTOCOL']);
    expect(messages.map((m) => m.Event)).toEqual(['A', 'B']);
  });

  it('given a runaway message with no end when it passes the size limit then it is dropped and the next message parses', () => {
    const out = { messages: [] as AmiMessage[], errors: [] as AppError[] };
    const p = new AmiParser(
      { banner: () => undefined, message: (m) => out.messages.push(m), error: (e) => out.errors.push(e) },
      { maxMessageBytes: 1024 },
    );
    p.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'));
    for (let i = 0; i < 10; i++) p.push(Buffer.alloc(300, 'x'));
    p.push(Buffer.from('\r\n\r\nEvent: Ping\r\n\r\n'));
    expect(out.errors[0]?.code).toBe('PBX_PROTOCOL');
    expect(out.messages.at(-1)).toEqual({ Event: 'Ping' });
  });

  it('given keys named like Object members when parsed then each is a plain field (no inherited function text)', () => {
    const { messages } = collect([Buffer.from('Asterisk Call Manager/11.0.0\r\nEvent: X\r\nconstructor: c\r\ntoString: t\r\n__proto__: p\r\n\r\n')]);
    expect(messages[0]?.constructor).toBe('c');
    expect(messages[0]?.toString).toBe('t');
    expect(messages[0]?.['__proto__']).toBe('p');
  });

  it('given an endless first line without its end when it passes the size limit then a PBX_PROTOCOL error is reported and nothing is held', () => {
    const errors: AppError[] = [];
    const p = new AmiParser({ banner: () => undefined, message: () => undefined, error: (e) => errors.push(e) }, { maxMessageBytes: 1024 });
    for (let i = 0; i < 4; i++) p.push(Buffer.alloc(300, 'x'));
    expect(errors.map((e) => [e.code, (e.details as { where: string }).where])).toEqual([['PBX_PROTOCOL', 'ami/banner']]);
    expect(p.bufferedBytes()).toBeLessThanOrEqual(1024);
  });

  it('given a large message trickling in one byte per read then each byte is handled once (no quadratic re-scan or re-copy)', () => {
    const value = 'v'.repeat(300_000);
    const bytes = Buffer.from(`Asterisk Call Manager/11.0.0\r\nEvent: Big\r\nData: ${value}\r\n\r\nEvent: After\r\n\r\n`);
    const out: AmiMessage[] = [];
    const p = new AmiParser({ banner: () => undefined, message: (m) => out.push(m), error: () => undefined });
    for (let i = 0; i < bytes.length; i++) p.push(bytes.subarray(i, i + 1));
    expect(out.map((m) => m.Event)).toEqual(['Big', 'After']);
    expect(out[0]?.Data).toHaveLength(300_000);
  });

  it('given repeated keys when parsed then every value is kept, one per line', () => {
    const { messages } = collect([Buffer.from('Asterisk Call Manager/11.0.0\r\nResponse: Success\r\nOutput: a\r\nOutput: b\r\n\r\n')]);
    expect(messages[0]?.Output).toBe('a\nb');
  });

  it('given an action with CR/LF in a value when formatted then no header can be smuggled in', () => {
    expect(formatAmiAction({ Action: 'Login', Username: 'x\r\nAction: Command', Secret: undefined })).toBe(
      'Action: Login\r\nUsername: x Action: Command\r\n\r\n',
    );
  });
});
