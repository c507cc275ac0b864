import { Writable } from 'node:stream';

/** A log destination that keeps everything written to it as text (pino's JSON lines, for assertions). */
export class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
