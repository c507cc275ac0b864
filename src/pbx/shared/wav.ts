/**
 * Minimal PCM WAV writing (16-bit mono), for the simulated server's recordings and for tests
 * that need a real audio file the recording pipeline (sox) can read.
 */
export interface WavSpec {
  durationMs: number;
  /** 8000 by default (narrowband telephony). */
  sampleRate?: number;
  /** A sine tone at this frequency; silence when omitted. */
  toneHz?: number;
  /** Peak amplitude of the tone, 0..1 (default 0.2). */
  amplitude?: number;
}

export function wavBytes(spec: WavSpec): Buffer {
  const rate = spec.sampleRate ?? 8000;
  const samples = Math.max(0, Math.round((spec.durationMs * rate) / 1000));
  const dataBytes = samples * 2;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write('RIFF', 0, 'latin1');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1');
  buf.writeUInt32LE(dataBytes, 40);
  if (spec.toneHz !== undefined) {
    const peak = Math.round(32767 * Math.min(1, Math.max(0, spec.amplitude ?? 0.2)));
    for (let i = 0; i < samples; i++) {
      buf.writeInt16LE(Math.round(peak * Math.sin((2 * Math.PI * spec.toneHz * i) / rate)), 44 + i * 2);
    }
  }
  return buf;
}

/** Duration of a PCM WAV produced by wavBytes (reads the header; 0 when it is not one). */
export function wavDurationMs(bytes: Buffer): number {
  if (bytes.length < 44 || bytes.toString('latin1', 0, 4) !== 'RIFF') return 0;
  const byteRate = bytes.readUInt32LE(28);
  const dataBytes = bytes.readUInt32LE(40);
  return byteRate === 0 ? 0 : Math.round((dataBytes * 1000) / byteRate);
}
