import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/calls/call-model.js';
import type { CallRecordQuery } from '../../../src/calls/ports.js';
import type { RecordingMark } from '../../../src/calls/recording-presence.js';
import { exportCsv } from '../../../src/calls/record-export.js';
import { csvField } from '../../../src/core/csv.js';
import { exportCapOf, EXPORT_ROW_CAPS } from '../../../src/api/http/export-caps.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const calls: CallRecord[] = Array.from({ length: 1_203 }, (_, i) => ({
  id: `c${String(1_203 - i).padStart(5, '0')}`,
  direction: 'inbound',
  state: 'ended',
  from: '+8613800138000',
  to: '+861055550001',
  callerName: '',
  ivrPath: [],
  variables: {},
  startedAt: T0 - i * 1_000,
  agentId: i % 2 ? 'a1' : 'a2',
  recordingIds: [],
}));

/** Recording rows of the first two calls: two kept on the newest, one deleted by hand on the next. */
const marks: RecordingMark[] = [
  { callId: 'c01203' },
  { callId: 'c01203', purgedAt: T0, purgeReason: 'retention' },
  { callId: 'c01202', purgedAt: T0, purgeReason: 'deleted' },
];

/** A reader over the list above, newest first, recording what it was asked. */
function reader() {
  const asked: CallRecordQuery[] = [];
  const markedPages: string[][] = [];
  return {
    asked,
    markedPages,
    list: (q: CallRecordQuery) => {
      asked.push(q);
      const from = q.before ? calls.findIndex((c) => c.id === q.before) + 1 : 0;
      return Promise.resolve(calls.slice(from, from + (q.limit ?? 100)));
    },
    recordingMarks: (ids: readonly string[]) => {
      markedPages.push([...ids]);
      return Promise.resolve(marks.filter((m) => ids.includes(m.callId)));
    },
  };
}

async function collect(gen: AsyncGenerator<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of gen) out.push(chunk);
  return out;
}

describe('call records as CSV', () => {
  it('given more calls than a page when exported then the store is read page by page after the last id, one chunk per page', async () => {
    const r = reader();
    const chunks = await collect(exportCsv(r, { agentId: 'x' }, { format: 'csv', cap: 10_000 }));
    expect(r.asked.map((q) => q.before)).toEqual([undefined, 'c00704', 'c00204']);
    expect(r.asked.every((q) => q.agentId === 'x' && q.limit === 500)).toBe(true);
    expect(chunks).toHaveLength(4);
    expect(chunks.join('').split('\r\n').filter(Boolean)).toHaveLength(1 + calls.length);
    // The recording rows are read once per page, for that page's calls.
    expect(r.markedPages.map((p) => [p.length, p[0]])).toEqual([[500, 'c01203'], [500, 'c00703'], [203, 'c00203']]);
  });

  it('given calls with kept, partly purged, deleted and no recordings when exported then each row counts its recordings and names their state', async () => {
    const lines = (await collect(exportCsv(reader(), {}, { format: 'csv', cap: 3 }))).join('').split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    const col = (line: string | undefined, name: string) => line?.split(',')[header.indexOf(name)];
    expect(lines.slice(1, 4).map((l) => [col(l, 'call_id'), col(l, 'recordings'), col(l, 'recording_state')])).toEqual([
      ['c01203', '2', 'kept'],
      ['c01202', '1', 'deleted'],
      ['c01201', '0', 'none'],
    ]);
  });

  it('given a cap and a keep filter when exported then only kept rows are written and never more than the cap', async () => {
    const r = reader();
    const text = (await collect(exportCsv(r, {}, { format: 'xlsx-csv', cap: 600, keep: (c) => c.agentId === 'a1' }))).join('');
    const lines = text.split('\r\n').filter(Boolean);
    expect(text.startsWith('\uFEFFcall_id,')).toBe(true);
    expect(lines).toHaveLength(1 + 600);
    expect(lines.slice(1).every((l) => l.split(',')[7] === 'a1')).toBe(true);
  });

  it('given fields with quotes, commas, line breaks or none when quoted then only those needing it are, quotes doubled', () => {
    expect(csvField('plain 中文')).toBe('plain 中文');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('export caps per role', () => {
  it('given roles then the largest cap of any of them applies; a role without export gets none', () => {
    expect(exportCapOf(['team_lead'])).toBe(EXPORT_ROW_CAPS.team_lead);
    expect(exportCapOf(['team_lead', 'supervisor'])).toBe(EXPORT_ROW_CAPS.supervisor);
    expect(exportCapOf(['admin', 'agent'])).toBe(EXPORT_ROW_CAPS.admin);
    expect(exportCapOf(['agent'])).toBe(0);
    expect(exportCapOf(['nonsense'])).toBe(0);
    expect((EXPORT_ROW_CAPS.team_lead ?? 0) < (EXPORT_ROW_CAPS.supervisor ?? 0)).toBe(true);
  });
});
