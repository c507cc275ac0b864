import type { CallLeg, CallRecord, CallTransition } from '../../../../src/calls/call-model.js';
import type { CallStore, StoredOpenCall } from '../../../../src/calls/ports.js';
import type { RecordingRow, RecordingStore } from '../../../../src/recording/ports.js';

/** Keeps what call handling stores, for assertions. */
export class MemoryCallStore implements CallStore, RecordingStore {
  readonly calls = new Map<string, CallRecord>();
  readonly legs = new Map<string, CallLeg>();
  readonly transitions: CallTransition[] = [];
  readonly recordings = new Map<string, RecordingRow>();

  saveCall(record: CallRecord): Promise<void> {
    this.calls.set(record.id, structuredClone(record));
    return Promise.resolve();
  }

  saveLeg(leg: CallLeg): Promise<void> {
    this.legs.set(leg.id, { ...leg });
    return Promise.resolve();
  }

  appendTransition(t: CallTransition): Promise<void> {
    this.transitions.push({ ...t, details: { ...t.details } });
    return Promise.resolve();
  }

  saveRecording(row: RecordingRow): Promise<void> {
    this.recordings.set(row.id, { ...row });
    return Promise.resolve();
  }

  /** `from -event-> to` lines of one call, in order. */
  timeline(callId: string): string[] {
    return this.transitions.filter((t) => t.callId === callId).sort((a, b) => a.seq - b.seq).map((t) => `${t.from} -${t.event}-> ${t.to}`);
  }

  /** What a restarted daemon reads back: the calls not ended, as KyselyCallStore.openCalls gives them. */
  openCalls(): Promise<StoredOpenCall[]> {
    const open = [...this.calls.values()].filter((c) => c.state !== 'ended');
    return Promise.resolve(
      open.map((record) => {
        const mine = this.transitions.filter((t) => t.callId === record.id);
        const offerId = mine.filter((t) => t.event === 'offer').at(-1)?.details['offer'];
        return {
          record: structuredClone(record),
          legs: [...this.legs.values()].filter((l) => l.callId === record.id).map((l) => ({ ...l })),
          seq: Math.max(0, ...mine.map((t) => t.seq)),
          ...(offerId ? { offerId } : {}),
          recordings: [...this.recordings.values()].filter((r) => r.callId === record.id).map((r) => ({ id: r.id, name: r.name, open: r.stoppedAt === undefined })),
        };
      }),
    );
  }
}
