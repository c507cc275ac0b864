import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tickCork } from '../../../../src/api/ws/tick-cork.js';

/** A stream that records each write it performs (writev: several chunks in one). */
function recordingStream() {
  const writes: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push([chunk.toString()]);
      cb();
    },
    writev(chunks, cb) {
      writes.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      cb();
    },
  });
  return { stream, writes };
}

describe('tick cork', () => {
  it('given frames written in one tick, one of them after an await of settled work, then they leave in one write after the tick', async () => {
    const { stream, writes } = recordingStream();
    const cork = tickCork(stream as never);
    const write = (s: string) => {
      cork();
      stream.write(s);
    };
    write('echo');
    await Promise.resolve();
    write('ack');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([['echo', 'ack']]);
  });

  it('given writes in separate ticks then each tick makes its own write', async () => {
    const { stream, writes } = recordingStream();
    const cork = tickCork(stream as never);
    cork();
    stream.write('a');
    await new Promise((r) => setImmediate(r));
    cork();
    stream.write('b');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([['a'], ['b']]);
  });

  it('given no stream (a fake socket) then corking does nothing', () => {
    expect(() => tickCork(undefined)()).not.toThrow();
  });
});
