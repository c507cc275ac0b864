/**
 * The waveform route's schemas (GET /api/recordings/{id}/peaks), apart from the route so that
 * the web app can type its answer without loading fastify's route code.
 */

/** Bounds of the number of peaks one may ask for: a few per pixel of any sensible width. */
export const PEAK_BUCKETS = { min: 50, max: 2000, default: 800 } as const;

export const peaksQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { buckets: { type: 'integer', minimum: PEAK_BUCKETS.min, maximum: PEAK_BUCKETS.max, default: PEAK_BUCKETS.default } },
} as const;

export const recordingPeaksResponse = {
  type: 'object',
  required: ['recordingId', 'buckets', 'durationMs', 'sampleRate', 'channels', 'bitsPerSample', 'peaks'],
  properties: {
    recordingId: { type: 'string' },
    buckets: { type: 'integer' },
    durationMs: { type: 'integer', description: 'length of the audio in the file' },
    sampleRate: { type: 'integer' },
    channels: { type: 'integer' },
    bitsPerSample: { type: 'integer' },
    peaks: { type: 'array', items: { type: 'number' }, description: 'one per bucket, 0..1: the largest absolute sample of any channel in that stretch' },
  },
} as const;
