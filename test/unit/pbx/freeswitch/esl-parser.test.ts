import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import {
  EslParser,
  decodeHeaderValues,
  isConnectReply,
  urlDecode,
  type EslFrame,
} from '../../../../src/pbx/freeswitch/esl-parser.js';
import { eventOfFrame, multiValue, parseJsonEvent, parsePlainEvent } from '../../../../src/pbx/freeswitch/esl-event.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/freeswitch');
const fixture = (path: string): Buffer => readFileSync(join(FIXTURES, path));

function parseAll(chunks: Buffer[]): EslFrame[] {
  const frames: EslFrame[] = [];
  const parser = new EslParser((f) => frames.push(f));
  for (const c of chunks) parser.push(c);
  expect(parser.bufferedBytes()).toBe(0);
  return frames;
}

function split(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function comparable(frames: EslFrame[]): unknown[] {
  return frames.map((f) => ({ headers: { ...f.headers }, body: f.body?.toString('hex') }));
}

const allFixtureFiles = ['inbound', 'outbound', 'call-flow'].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => !f.includes('.client.'))
    .map((f) => `${dir}/${f}`),
);

afterEach(() => vi.restoreAllMocks());

describe('EslParser framing', () => {
  it('given the api capture when fed whole then every reply keeps its exact body, trailing newline or not', () => {
    const frames = parseAll([fixture('inbound/04-api-basic.server.txt')]);
    expect(frames[0]!.headers['Content-Type']).toBe('auth/request');
    expect(frames[0]!.body).toBeUndefined();
    const bodies = frames.filter((f) => f.headers['Content-Type'] === 'api/response').map((f) => f.body!.toString());
    expect(bodies[1]).toBe('{"row_count": 0}\n');
    expect(bodies[2]).toBe('\n0 total.\n');
    expect(bodies[4]).toBe('-ERR nosuchcommand Command not found!\n');
    expect(bodies[5]).toBe('-ERR No such channel!\n');
    expect(bodies[7]).toBe('local_stream://moh');
    expect(bodies[11]).toMatch(/^[0-9a-f-]{36}$/);
    const last = frames[frames.length - 1]!;
    expect(last.headers['Content-Type']).toBe('text/disconnect-notice');
    expect(last.body!.length).toBe(67);
    expect(frames[frames.length - 3]!.headers['Reply-Text']).toBe('-ERR command not found');
  });

  it('given every captured stream when fed one byte at a time then the frames equal those of a single push', () => {
    for (const file of allFixtureFiles.filter((f) => !f.startsWith('call-flow'))) {
      const bytes = fixture(file);
      expect(comparable(parseAll(split(bytes, 1))), file).toEqual(comparable(parseAll([bytes])));
    }
  });

  it('given the call-flow streams when split at arbitrary points then the frames never change', () => {
    const all = fixture('call-flow/events.plain.txt');
    const frameStart = /Content-Length: \d+\nContent-Type: text\/event-plain/g;
    frameStart.lastIndex = 60_000;
    const plain = all.subarray(0, frameStart.exec(all.toString('latin1'))!.index);
    const whole = comparable(parseAll([plain]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: plain.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(plain.subarray(prev, p));
          prev = p;
        }
        chunks.push(plain.subarray(prev));
        expect(comparable(parseAll(chunks))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('given a UTF-8 character split across chunks when the frame completes then it decodes intact', () => {
    const body = Buffer.from('Event-Name: CUSTOM\nX-Name: Zo%C3%AB\n\n', 'utf8');
    const inner = Buffer.from('prix: 5 € — ok', 'utf8');
    const eventBody = Buffer.concat([body.subarray(0, body.length - 1), Buffer.from(`Content-Length: ${inner.length}\n\n`), inner]);
    const frame = Buffer.concat([Buffer.from(`Content-Length: ${eventBody.length}\nContent-Type: text/event-plain\n\n`), eventBody]);
    const euro = frame.indexOf(Buffer.from('€'));
    const frames = parseAll([frame.subarray(0, euro + 1), frame.subarray(euro + 1, euro + 2), frame.subarray(euro + 2)]);
    const event = eventOfFrame(frames[0]!)!;
    expect(event.headers['X-Name']).toBe('Zoë');
    expect(event.body).toBe('prix: 5 € — ok');
  });

  it('given the blank line split between two chunks when the second arrives then the header-only frame ends there', () => {
    const frames = parseAll([Buffer.from('Content-Type: command/reply\nReply-Text: +OK accepted\n'), Buffer.from('\nContent-Type: auth/request\n\n')]);
    expect(frames.map((f) => f.headers['Content-Type'])).toEqual(['command/reply', 'auth/request']);
    expect(frames[0]!.headers['Reply-Text']).toBe('+OK accepted');
  });

  it('given a 1 MB body in a thousand chunks when it completes then it is concatenated once, not once per chunk', () => {
    const big = Buffer.alloc(1_000_000, 0x61);
    const stream = Buffer.concat([Buffer.from(`Content-Type: api/response\nContent-Length: ${big.length}\n\n`), big, Buffer.from('Content-Type: auth/request\n\n')]);
    const concat = vi.spyOn(Buffer, 'concat');
    const frames = parseAll(split(stream, 1000));
    expect(frames).toHaveLength(2);
    expect(frames[0]!.body!.equals(big)).toBe(true);
    expect(concat.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('given the connect reply in one-byte chunks when it completes then its header block is joined once', () => {
    const bytes = fixture('outbound/20-connect-reply.txt');
    const concat = vi.spyOn(Buffer, 'concat');
    const frames = parseAll(split(bytes, 1));
    expect(frames).toHaveLength(1);
    expect(concat.mock.calls.length).toBe(1);
  });
});

describe('ESL frame kinds', () => {
  it('given the outbound connect reply then Content-Type is found at the end and Reply-Text is URL-decoded', () => {
    const [frame] = parseAll([fixture('outbound/20-connect-reply.txt')]);
    expect(isConnectReply(frame!)).toBe(true);
    expect(frame!.body).toBeUndefined();
    const headers = decodeHeaderValues(frame!.headers);
    expect(headers['Reply-Text']).toBe('+OK\n');
    expect(headers['Socket-Mode']).toBe('async');
    expect(headers['Control']).toBe('full');
    expect(headers['Caller-Caller-ID-Number']).toBe('15551230000');
    expect(headers['variable_current_application_data']).toBe('127.0.0.1:8084 async full');
  });

  it('given ordinary command replies then they are not mistaken for a connect reply', () => {
    const frames = parseAll([fixture('inbound/07-bgapi-originate-and-channels.server.txt')]);
    const bg = frames.find((f) => f.headers['Reply-Text']?.startsWith('+OK Job-UUID'))!;
    expect(isConnectReply(bg)).toBe(false);
    expect(bg.headers['Job-UUID']).toBe(bg.headers['Reply-Text']!.slice('+OK Job-UUID: '.length));
  });

  it('given outbound disconnect notices then linger ones are header-only and disconnect ones carry the goodbye', () => {
    const frames = parseAll([fixture('outbound/disconnect-notices.txt')]);
    expect(frames.map((f) => f.headers['Content-Disposition'])).toEqual(['linger', 'disconnect', 'linger', 'disconnect']);
    expect(frames[0]!.headers['Linger-Time']).toBe('-1');
    expect(frames[0]!.body).toBeUndefined();
    expect(frames[1]!.body!.toString()).toContain('Disconnected, goodbye.');
  });

  it('given a log/data frame then its own header order and body are kept', () => {
    const frames = parseAll([fixture('inbound/05b-sendevent-custom-and-log.server.txt')]);
    const log = frames.find((f) => f.headers['Content-Type'] === 'log/data')!;
    expect(Object.keys(log.headers)).toEqual(['Content-Type', 'Content-Length', 'Log-Level', 'Text-Channel', 'Log-File', 'Log-Func', 'Log-Line', 'User-Data']);
    expect(log.headers['User-Data']).toBe('');
    expect(log.body!.toString()).toContain('hello from the cti lab');
    expect(eventOfFrame(log)).toBeNull();
  });
});

describe('ESL events', () => {
  it('given plain events then values are URL-decoded and names are not', () => {
    const frames = parseAll([fixture('inbound/06-heartbeat-reschedule-plain.server.txt')]);
    const beat = frames.map(eventOfFrame).find((e) => e?.name === 'HEARTBEAT')!;
    expect(beat.headers['FreeSWITCH-IPv6']).toBe('fd00::2');
    expect(beat.headers['Event-Date-GMT']).toBe('Sat, 21 Nov 2026 07:25:24 GMT');
    expect(beat.headers['Event-Info']).toBe('System Ready');
    expect(beat.body).toBeUndefined();
  });

  it('given a sendevent with its own Content-Type and body then the inner, last Content-Length frames the body', () => {
    const events = parseAll([fixture('inbound/05b-sendevent-custom-and-log.server.txt')]).map(eventOfFrame).filter((e) => e !== null);
    expect(events[0]!.headers['X-Lab']).toBe('hello world');
    expect(events[0]!.body).toBeUndefined();
    expect(events[1]!.headers['X-Lab']).toBe('with body');
    expect(events[1]!.headers['Content-Type']).toBe('text/plain');
    expect(events[1]!.body).toBe('hello body\n');
    expect(events[2]!.headers['Event-Subclass']).toBe('cti::lab');
    expect(events[2]!.headers['X-Lab']).toBe('json please');
  });

  it('given BACKGROUND_JOB in plain and json then the body is the command result', () => {
    const events = parseAll([fixture('inbound/07-bgapi-originate-and-channels.server.txt')]).map(eventOfFrame).filter((e) => e !== null);
    const jobs = events.filter((e) => e.name === 'BACKGROUND_JOB');
    expect(jobs.map((j) => j.body)).toEqual([
      '+OK 5a5f4ba3-67eb-44ce-b102-1015adcc6af4\n',
      '-ERR USER_BUSY\n',
      expect.stringContaining('FreeSWITCH (Version 1.10.12-release  64bit) is ready'),
      '+OK\n',
      '-ERR nosuchcommand Command not found!\n',
    ]);
    expect(jobs[0]!.headers['Job-Command-Arg']).toBe(
      '{origination_caller_id_number=1000,origination_caller_id_name=CTI Lab}sofia/cti/agent1@127.0.0.1:5090 &park()',
    );
    expect(jobs[3]!.headers['_body']).toBeUndefined();
    expect(jobs[2]!.headers['Job-UUID']).toBe('6de9daf5-e138-4b5f-af7d-4d060e030e80');
  });

  it('given the same call captured as plain and as json then both decode to identical events', () => {
    const plain = parseAll([fixture('call-flow/events.plain.txt')]).map(eventOfFrame);
    const json = parseAll([fixture('call-flow/events.json.txt')]).map(eventOfFrame);
    expect(plain.length).toBeGreaterThan(70);
    expect(json.length).toBe(plain.length);
    const history = plain.find((e) => e?.headers['variable_transfer_history']?.startsWith('ARRAY::'));
    expect(multiValue(history!.headers['variable_transfer_history']).length).toBeGreaterThan(1);
    plain.forEach((p, i) => {
      expect({ ...json[i]!.headers }, `event ${i} ${p!.name}`).toEqual({ ...p!.headers });
      expect(json[i]!.body).toBe(p!.body);
    });
  });

  it('given any captured event when one header is read lazily then it equals the fully decoded map', () => {
    for (const file of ['call-flow/events.plain.txt', 'call-flow/events.json.txt', 'inbound/07-bgapi-originate-and-channels.server.txt']) {
      const frames = parseAll([fixture(file)]).filter((f) => eventOfFrame(f) !== null);
      for (const frame of frames) {
        const full = eventOfFrame(frame)!.headers;
        const text = `\n${frame.body!.toString()}`;
        for (const key of Object.keys(full)) {
          // A repeated header (a sendevent's own Content-Length, a COMMAND event's second
          // Event-Name) answers get() with its first occurrence; the map keeps the last.
          if (text.split(`\n${key}: `).length + text.split(`"${key}":`).length > 3) continue;
          expect(eventOfFrame(frame)!.get(key), `${file} ${full['Event-Name']} ${key}`).toBe(full[key]);
        }
        expect(eventOfFrame(frame)!.get('No-Such-Header')).toBeUndefined();
      }
    }
  });

  it('given a COMMAND event that repeats Event-Name then its name is the first one', () => {
    const command = parseAll([fixture('call-flow/events.plain.txt')])
      .map(eventOfFrame)
      .find((e) => e?.get('Event-Name') === 'COMMAND');
    expect(command!.name).toBe('COMMAND');
  });

  it('given a json value with escapes or a look-alike key then get decodes it and anchors on whole keys', () => {
    const event = parseJsonEvent(Buffer.from('{"Event-Name":"CUSTOM","X-Other-Unique-ID":"no","Unique-ID":"yes","X-Q":"say \\"hi\\"\\n","A":["1","2"]}'));
    expect(event.get('Unique-ID')).toBe('yes');
    expect(event.get('X-Q')).toBe('say "hi"\n');
    expect(event.get('A')).toBe('ARRAY::1|:2');
    const plain = parsePlainEvent(Buffer.from('Event-Name: CUSTOM\nOther-Leg-Unique-ID: no\nUnique-ID: yes\n\n'));
    expect(plain.get('Unique-ID')).toBe('yes');
    expect(plain.name).toBe('CUSTOM');
  });

  it('given a malformed %-escape then the raw text is kept and nothing throws', () => {
    expect(urlDecode('100%zz')).toBe('100%zz');
    expect(urlDecode('%E2%82')).toBe('%E2%82');
    expect(urlDecode('a%20b')).toBe('a b');
    const event = parsePlainEvent(Buffer.from('Event-Name: CUSTOM\nX-Bad: 50%%20off\nX-Good: a%2Bb\n\n'));
    expect(event.headers['X-Bad']).toBe('50%%20off');
    expect(event.headers['X-Good']).toBe('a+b');
  });

  it('given a json event followed at once by the next frame then both are read', () => {
    const frames = parseAll([fixture('inbound/06-heartbeat-reschedule-json.server.txt')]);
    const events = frames.map(eventOfFrame).filter((e) => e !== null);
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['HEARTBEAT', 'RE_SCHEDULE']));
    expect(events.every((e) => typeof e.headers['Event-Sequence'] === 'string')).toBe(true);
  });
});

describe('one ESL header-block reader', () => {
  it('given the same header lines as a frame head and as a plain event body then both read them alike, the event URL-decoded', () => {
    const lines = 'Event-Name: CUSTOM\nNo-Space:tight\nEmpty: \nCaller-ID: sip%3A1000%40example.com\nColons: a: b: c\n';
    const [frame] = parseAll([Buffer.from(`${lines}\n`)]);
    const event = parsePlainEvent(Buffer.from(`${lines}\n`));
    expect({ ...frame!.headers, 'Caller-ID': 'sip:1000@example.com' }).toEqual({ ...event.headers });
    expect(event.headers['No-Space']).toBe('tight');
    expect(event.headers['Colons']).toBe('a: b: c');
    expect(frame!.headers['Caller-ID']).toBe('sip%3A1000%40example.com');
  });
});

describe('EslParser bounds (fuzzing found these unbounded)', () => {
  it('given an endless header block without its blank line when it passes the limit then PBX_PROTOCOL is thrown and nothing is held', () => {
    const parser = new EslParser(() => undefined, { maxHeaderBytes: 4096 });
    let refused: unknown;
    try {
      for (let i = 0; i < 100; i++) parser.push(Buffer.from(`X-Header-${i}: ${'v'.repeat(100)}\n`));
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ code: 'PBX_PROTOCOL', details: { where: 'esl/headers' } });
    expect(parser.bufferedBytes()).toBe(0);
  });

  it('given a Content-Length past the body limit when the head arrives then it is refused before any body is buffered', () => {
    const parser = new EslParser(() => undefined, { maxBodyBytes: 1024 });
    expect(() => parser.push(Buffer.from('Content-Type: api/response\nContent-Length: 99999999999\n\nabc'))).toThrow(
      expect.objectContaining({ code: 'PBX_PROTOCOL', details: { where: 'esl/Content-Length', bytes: 99999999999 } }),
    );
    expect(parser.bufferedBytes()).toBe(0);
  });

  it('given json event bodies that are not JSON objects when read then each refusal is a PBX_PROTOCOL error naming where, never a SyntaxError', () => {
    for (const body of ['', '{"Event-Name":"X", ', '"text"', '[1,2]', '{"Event-Name":"X","Unique-ID":"\\x"}']) {
      const read = () => {
        const e = parseJsonEvent(Buffer.from(body));
        void e.get('Unique-ID');
        return e.headers;
      };
      expect(read, body).toThrow(expect.objectContaining({ code: 'PBX_PROTOCOL' }));
    }
  });
});
