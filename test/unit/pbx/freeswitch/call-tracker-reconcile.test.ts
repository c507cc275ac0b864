/**
 * CallTracker.reconcile against a scripted ESL session: a reconcile cut off half-way (a uuid_dump
 * timing out on a loaded FreeSWITCH) has already put the channels it adopted in the table; the
 * next reconcile must still announce them, or call handling never hangs up an agent leg of the
 * previous run that no call owns.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { PbxEvent } from '../../../../src/pbx/port.js';
import { CallTracker } from '../../../../src/pbx/freeswitch/call-tracker.js';
import { ChannelTable } from '../../../../src/pbx/freeswitch/channel-table.js';
import type { CallTrackerDeps } from '../../../../src/pbx/freeswitch/call-tracker.js';

const dump = (id: string, direction: 'inbound' | 'outbound'): string =>
  JSON.stringify({
    'Event-Name': 'CHANNEL_DATA',
    'Unique-ID': id,
    'Call-Direction': direction,
    'Channel-Name': `sofia/agents/${id}`,
    'Channel-Call-State': 'ACTIVE',
    'Answer-State': 'answered',
    'Caller-Caller-ID-Number': '+15550001',
    'Caller-Caller-ID-Name': 'Caller',
    'Caller-Destination-Number': 'agent4',
    variable_switchboard_owned: 'true',
  });

function tracker(api: (cmd: string) => Promise<string>): { tracker: CallTracker; events: PbxEvent[] } {
  const events: PbxEvent[] = [];
  const unused = (): never => {
    throw new Error('not used by reconcile');
  };
  const deps = {
    table: new ChannelTable(),
    session: { api },
    control: unused,
    bridges: unused,
    recordings: unused,
    supervision: unused,
    emit: (e: PbxEvent) => events.push(e),
    logger: silentLogger,
  } as unknown as CallTrackerDeps;
  return { tracker: new CallTracker(deps), events };
}

describe('CallTracker: reconcile after a daemon restart', () => {
  it('given a reconcile that fails after adopting one channel when the next reconcile runs then that channel is announced as adopted', async () => {
    let failOnce = true;
    const { tracker: t, events } = tracker(async (cmd) => {
      if (cmd === 'show channels as json') return JSON.stringify({ row_count: 2, rows: [{ uuid: 'leg-a' }, { uuid: 'caller-b' }] });
      if (cmd === 'uuid_dump leg-a json') return dump('leg-a', 'outbound');
      if (cmd === 'uuid_dump caller-b json') {
        if (failOnce) {
          failOnce = false;
          throw new AppError('PBX_TIMEOUT', 'FreeSWITCH did not answer uuid_dump within 10000 ms');
        }
        return dump('caller-b', 'inbound');
      }
      throw new Error(`unexpected command ${cmd}`);
    });

    await expect(t.reconcile()).rejects.toMatchObject({ code: 'PBX_TIMEOUT' });
    expect(events).toEqual([]);
    await t.reconcile();

    expect(events).toEqual([{ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: ['leg-a', 'caller-b'] }]);
  });

  it('given channels announced once when a later reconcile finds them again then they are not announced twice', async () => {
    const { tracker: t, events } = tracker(async (cmd) => {
      if (cmd === 'show channels as json') return JSON.stringify({ row_count: 1, rows: [{ uuid: 'leg-a' }] });
      if (cmd === 'uuid_dump leg-a json') return dump('leg-a', 'outbound');
      throw new Error(`unexpected command ${cmd}`);
    });

    await t.reconcile();
    await t.reconcile();

    expect(events).toEqual([
      { type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: ['leg-a'] },
      { type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: [] },
    ]);
  });
});
