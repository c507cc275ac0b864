/**
 * Teardown shared by every harness: hang up what a test left on the PBX, through the adapter under
 * test, the way the daemon would. The contract suite then asks the far side which of the harness's
 * own channels are still alive (`PbxHarness.liveChannels`) and expects none: a real PBX must not
 * collect leftover calls from test runs.
 */
import { isAppError } from '../../src/core/errors.js';
import type { MediaServer } from '../../src/pbx/port.js';
import type { EventLog } from './harness.js';

/** Channels the adapter announced (inbound, ringing, answered) and has not reported hung up. */
export function unendedChannels(log: EventLog): Set<string> {
  const seen = new Set<string>();
  for (const e of log.events) {
    if (e.type === 'channel.inbound') seen.add(e.channel.id);
    else if (e.type === 'channel.ringing' || e.type === 'channel.answered') seen.add(e.channelId);
  }
  for (const e of log.ofType('channel.hangup')) seen.delete(e.channelId);
  return seen;
}

/**
 * Hangs up, through the adapter, every channel its snapshot shows and every channel it announced
 * that has not ended; one that is already gone is fine. Returns the ids it asked to hang up.
 * Does nothing while the adapter is disconnected (the harness then uses its far-side controls).
 */
export async function hangUpThroughAdapter(server: MediaServer, log: EventLog, extra: Iterable<string> = []): Promise<string[]> {
  if (!server.isConnected()) return [];
  const snapshot = await server.snapshot();
  const ids = new Set([...snapshot.channels.map((c) => c.id), ...unendedChannels(log), ...extra]);
  const asked: string[] = [];
  for (const id of ids) {
    try {
      await server.hangup(id);
      asked.push(id);
    } catch (err) {
      if (!isAppError(err, 'CHANNEL_GONE')) throw err;
    }
  }
  return asked;
}

/** Every channel id the adapter ever named in an event (what a real-PBX harness counts as its own). */
export function channelIdsSeen(log: EventLog): Set<string> {
  const seen = new Set<string>();
  for (const e of log.events) {
    if (e.type === 'channel.inbound') seen.add(e.channel.id);
    else if ('channelId' in e) seen.add(e.channelId);
  }
  return seen;
}

/**
 * A real PBX tears channels down a moment after it accepted the hang-up: ask again, a bounded
 * number of times on real time (real-PBX harnesses only; fakes answer at once), until none of
 * ours is left. Returns what is still there at the end.
 */
export async function untilNoneLeft(live: () => Promise<string[]>, tries = 30, gapMs = 100): Promise<string[]> {
  let left = await live();
  for (let i = 0; i < tries && left.length > 0; i++) {
    await new Promise<void>((resolve) => setTimeout(resolve, gapMs));
    left = await live();
  }
  return left;
}
