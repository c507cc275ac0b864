/**
 * What the fake answers to `show channels as json` and `uuid_dump`, with real FreeSWITCH 1.10's
 * timing: `show channels` reads the core's channels table, which FreeSWITCH's SQL thread fills
 * asynchronously, so a new channel appears there 340-480 ms after its CHANNEL_PARK and its
 * `callstate` still reads RINGING right after uuid_answer. `uuid_dump` reads the live session and
 * is always current (mod_commands: switch_channel_event_set_data on the located session).
 */
import { fsUrlEncode } from './esl-templates.js';
import type { FakeChannel } from './fake-channels.js';

/** How long the channels table trails the live session, on the FakeClock. */
export const SHOW_CHANNELS_LAG_MS = 400;

/** Remember the channel's call state now, for the table that lags behind. */
export function noteCallstate(ch: FakeChannel, now: number): void {
  const state = liveCallstate(ch);
  if (ch.callstates.at(-1)?.state !== state) ch.callstates.push({ state, at: now });
}

export function liveCallstate(ch: FakeChannel): string {
  return ch.answered ? (ch.hold ? 'HELD' : 'ACTIVE') : 'RINGING';
}

/** The call state the channels table holds at `now`, or undefined while the row is not there yet. */
function listedCallstate(ch: FakeChannel, now: number): string | undefined {
  let listed: string | undefined;
  for (const entry of ch.callstates) if (entry.at + SHOW_CHANNELS_LAG_MS <= now) listed = entry.state;
  return listed;
}

export function showChannelsJson(channels: Iterable<FakeChannel>, now: number): string {
  const rows = [];
  for (const c of channels) {
    const callstate = listedCallstate(c, now);
    if (callstate === undefined) continue;
    rows.push({
      uuid: c.id, direction: c.direction, created: new Date(c.created).toISOString().slice(0, 19).replace('T', ' '),
      created_epoch: String(Math.floor(c.created / 1000)), name: c.name, state: 'CS_EXECUTE', cid_name: c.callerName,
      cid_num: c.callerNumber, ip_addr: '127.0.0.1', dest: c.dest, application: c.app, application_data: '', dialplan: 'XML',
      context: 'switchboard', read_codec: 'PCMU', read_rate: '8000', write_codec: 'PCMU', write_rate: '8000', hostname: 'vm',
      callstate, call_uuid: c.id,
    });
  }
  return rows.length === 0 ? '{"row_count": 0}\n' : JSON.stringify({ row_count: rows.length, rows });
}

/** `uuid_dump <uuid> [json]`: the live channel as a CHANNEL_DATA header set (plain: URL-encoded lines and a blank line). */
export function uuidDump(ch: FakeChannel | undefined, format: string | undefined): string {
  if (!ch) return '-ERR No such channel!\n';
  const headers: [string, string][] = [
    ['Event-Name', 'CHANNEL_DATA'],
    ['Event-Calling-Function', 'uuid_dump_function'],
    ['Channel-State', 'CS_EXECUTE'],
    ['Channel-Call-State', liveCallstate(ch)],
    ['Channel-Name', ch.name],
    ['Unique-ID', ch.id],
    ['Call-Direction', ch.direction],
    ['Channel-Call-UUID', ch.id],
    ['Answer-State', ch.answered ? 'answered' : ch.direction === 'outbound' ? 'early' : 'ringing'],
    ['Caller-Caller-ID-Name', ch.callerName],
    ['Caller-Caller-ID-Number', ch.callerNumber],
    ['Caller-Destination-Number', ch.dest],
    ['Caller-Unique-ID', ch.id],
    ...[...ch.vars].map(([k, v]): [string, string] => [`variable_${k}`, v]),
  ];
  if (format === 'json') return JSON.stringify(Object.fromEntries(headers));
  return `${headers.map(([n, v]) => `${n}: ${fsUrlEncode(v)}\n`).join('')}\n`;
}
