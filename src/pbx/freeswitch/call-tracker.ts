/**
 * FreeSWITCH events → port events for the channels we own: arrival (outbound socket connect or
 * CHANNEL_PARK of a marked call, whichever comes first, announced once), ringing, answer, DTMF,
 * hang-up (once, whoever reports it first: the event, our own hangup(), a failed originate job,
 * a command that finds the channel gone, or reconciliation), recordings and presence.
 *
 * Reconciliation after every (re)connect, after Wazo's process_lost_hangups. `show channels as
 * json` lags the live calls (FreeSWITCH fills it asynchronously: a channel appears 340-480 ms
 * after CHANNEL_PARK), so its absence proves nothing: each channel we knew is confirmed with
 * `uuid_dump` and ends as 'lost' only when FreeSWITCH has no such channel. The list is used only
 * to find channels we never saw (a daemon restart); each is confirmed with `uuid_dump` too and
 * adopted when it carries `switchboard_owned=true`. Channels learned while the reconcile runs
 * are left alone.
 */
import type { Logger } from '../../core/log.js';
import type { HangupCause, PbxEvent } from '../port.js';
import type { BridgeEmulator } from './bridges.js';
import type { ChannelControl } from './channel-control.js';
import type { ChannelTable } from './channel-table.js';
import type { EslSession } from './esl-session.js';
import { parseJsonEvent, type EslEvent } from './esl-event.js';
import { causeFromFreeSwitch, channelInfoFromHeaders, channelStateOf, isNoSuchChannel, parseShowChannels } from './event-map.js';
import type { Recordings } from './recordings.js';
import type { Supervision } from './supervision.js';

export interface CallTrackerDeps {
  table: ChannelTable;
  session: EslSession;
  control: () => ChannelControl;
  bridges: () => BridgeEmulator;
  recordings: () => Recordings;
  supervision: () => Supervision;
  emit: (event: PbxEvent) => void;
  logger: Logger;
}

export type HangupDetail = { cause: HangupCause; causeCode?: number; causeText?: string };

export class CallTracker {
  /**
   * Channels a reconcile adopted that no `connection.reconciled` announced yet: a reconcile cut
   * off half-way (a uuid_dump timing out on a loaded FreeSWITCH) has already put them in the
   * table, so the next one skips them as known; without this list call handling would never be
   * told of them and an agent leg of the previous run would stay up, owned by nobody.
   */
  private readonly unannounced = new Set<string>();
  /**
   * Legs we asked FreeSWITCH to originate whose reply was lost with the link: it may have run the
   * command or not. `show channels` lags (a new leg is listed only 340-480 ms later), so each is
   * asked about by id at the next reconcile; one it has is adopted (and announced, so call
   * handling, told the originate failed, hangs it up), one it lacks is forgotten.
   */
  private readonly inDoubt = new Set<string>();

  constructor(private readonly deps: CallTrackerDeps) {}

  arrive(headers: Record<string, string>, release?: () => void): void {
    const { table } = this.deps;
    const id = headers['Unique-ID'];
    if (!id || table.hasEnded(id)) return release?.();
    const known = table.get(id);
    if (known) {
      if (release) known.release = release;
      return;
    }
    const info = channelInfoFromHeaders(headers, 'inbound');
    table.add(info, release);
    this.deps.emit({ type: 'channel.inbound', channel: { ...info, variables: { ...info.variables }, sipHeaders: { ...info.sipHeaders } } });
  }

  endChannel(id: string, detail: HangupDetail, initiator: 'remote' | 'local' | 'unknown'): void {
    const owned = this.deps.table.end(id);
    if (!owned) return;
    this.deps.bridges().channelGone(id);
    this.deps.supervision().channelGone(id);
    this.deps.control().channelEnded(id);
    this.deps.emit({ type: 'channel.hangup', channelId: id, ...detail, initiator });
  }

  /** An originate whose outcome is unknown: the command may have reached FreeSWITCH before the link broke. */
  originateInDoubt(id: string): void {
    this.inDoubt.add(id);
  }

  async reconcile(): Promise<void> {
    const { table, session } = this.deps;
    const before = table.ids();
    // Read first: a channel that appears in the list only after our uuid_dump checks is still found.
    const rows = parseShowChannels(await session.api('show channels as json'));
    const lost: string[] = [];
    for (const id of before) {
      if (!table.has(id)) continue;
      const dump = await this.dump(id);
      if (!table.has(id)) continue; // its hang-up event arrived meanwhile
      if (dump === 'gone') {
        lost.push(id);
        this.endChannel(id, { cause: 'lost' }, 'unknown');
      } else if (dump !== 'unknown') this.catchUp(id, dump);
    }
    for (const row of rows) {
      if (table.has(row.uuid) || table.hasEnded(row.uuid)) continue;
      this.adoptOwned(row.uuid, await this.dump(row.uuid));
    }
    for (const id of [...this.inDoubt]) {
      const dump = table.has(id) || table.hasEnded(id) ? 'gone' : await this.dump(id);
      if (dump === 'unknown') continue; // asked again at the next reconcile
      this.inDoubt.delete(id);
      this.adoptOwned(id, dump);
    }
    const adopted = [...this.unannounced].filter((id) => table.has(id));
    this.unannounced.clear();
    this.deps.emit({ type: 'connection.reconciled', lostChannelIds: lost, adoptedChannelIds: adopted });
  }

  /** A channel we did not know, carrying our mark: into the table, announced by the next `connection.reconciled`. */
  private adoptOwned(id: string, dump: EslEvent | 'gone' | 'unknown'): void {
    const { table } = this.deps;
    if (typeof dump === 'string' || dump.get('variable_switchboard_owned') !== 'true') return;
    if (table.has(id) || table.hasEnded(id)) return; // its events arrived meanwhile
    const owned = table.add(channelInfoFromHeaders(dump.headers, dump.get('Call-Direction') === 'outbound' ? 'outbound' : 'inbound'));
    owned.answeredSent = owned.info.state === 'up';
    this.unannounced.add(id);
  }

  /**
   * The live channel (uuid_dump reads the session itself, unlike `show channels`): 'gone' when
   * FreeSWITCH has no such channel, 'unknown' when the answer is some other error.
   */
  private async dump(id: string): Promise<EslEvent | 'gone' | 'unknown'> {
    const body = await this.deps.session.api(`uuid_dump ${id} json`);
    if (isNoSuchChannel(body)) return 'gone';
    if (!body.startsWith('{')) {
      this.deps.logger.warn({ channelId: id, reply: body.trim().slice(0, 200) }, 'uuid_dump failed during reconcile; the channel is kept as it was');
      return 'unknown';
    }
    return parseJsonEvent(Buffer.from(body, 'utf8'));
  }

  /** A channel answered while we were away: say so now, the event that told it is lost. */
  private catchUp(id: string, dump: EslEvent): void {
    const owned = this.deps.table.get(id);
    if (!owned || owned.answeredSent || channelStateOf(dump) !== 'up') return;
    owned.answeredSent = true;
    owned.info.state = 'up';
    this.deps.emit({ type: 'channel.answered', channelId: id });
  }

  private announceAnswer(id: string): void {
    const owned = this.deps.table.get(id);
    if (!owned || owned.answeredSent) return;
    owned.answeredSent = true;
    owned.info.state = 'up';
    this.deps.emit({ type: 'channel.answered', channelId: id });
  }

  onEslEvent(event: EslEvent): void {
    const name = event.name;
    if (name === 'CUSTOM') return this.onCustom(event);
    if (name === 'HEARTBEAT' || name === 'BACKGROUND_JOB') return;
    const id = event.get('Unique-ID');
    if (id === undefined) return;
    const { table, emit } = this.deps;
    if (name === 'CHANNEL_PARK' && !table.has(id)) {
      if (event.get('variable_switchboard_owned') === 'true' && event.get('Call-Direction') === 'inbound') this.arrive(event.headers);
      return;
    }
    const owned = table.get(id);
    if (!owned) return;
    switch (name) {
      case 'CHANNEL_PROGRESS':
      case 'CHANNEL_PROGRESS_MEDIA':
        if (owned.info.direction === 'outbound' && !owned.ringingSent && owned.info.state !== 'up') {
          owned.ringingSent = true;
          owned.info.state = 'ringing';
          emit({ type: 'channel.ringing', channelId: id });
        }
        return;
      case 'CHANNEL_ANSWER':
        owned.info.state = 'up';
        // A leg we originated runs its `&park()` only after the answer (CHANNEL_ANSWER, the
        // originate job's reply, then CHANNEL_EXECUTE park and CHANNEL_PARK). A uuid_bridge
        // sent in between is undone by that park on a real FreeSWITCH, leaving the agent in
        // silence: such a leg is announced answered once it is parked.
        if (owned.info.direction === 'outbound') return;
        this.announceAnswer(id);
        return;
      case 'CHANNEL_PARK':
        if (owned.info.state === 'up') this.announceAnswer(id);
        return;
      case 'CHANNEL_HANGUP':
        // The channel is going: its playbacks and collections end now. Who hung up is not known
        // yet: FreeSWITCH sets sip_hangup_disposition only later, on CHANNEL_HANGUP_COMPLETE.
        owned.hangupCause ??= event.get('Hangup-Cause');
        table.silence(id);
        return;
      case 'CHANNEL_HANGUP_COMPLETE':
        this.endChannel(id, causeFromFreeSwitch(owned.hangupCause ?? event.get('Hangup-Cause')), initiatorOf(owned.endingLocally, event.get('variable_sip_hangup_disposition')));
        return;
      case 'DTMF': {
        const digit = event.get('DTMF-Digit');
        if (!digit) return;
        // Digits we inject into a supervisor leg to steer eavesdrop are not the supervisor's keys.
        if (event.get('DTMF-Source') === 'APP' && this.deps.supervision().isSupervisor(id)) return;
        emit({ type: 'channel.dtmf', channelId: id, digit });
        table.dtmf(id, digit);
        return;
      }
      case 'RECORD_STOP':
        this.deps.recordings().onRecordStop(event.get('Record-File-Path'));
        return;
      case 'CHANNEL_EXECUTE':
      case 'CHANNEL_EXECUTE_COMPLETE':
        this.deps.control().onExecuteEvent(name === 'CHANNEL_EXECUTE', id, event.get('Application-UUID'), event.get('Application'));
        return;
      default:
        return;
    }
  }

  private onCustom(event: EslEvent): void {
    const sub = event.get('Event-Subclass');
    if (sub !== 'sofia::register' && sub !== 'sofia::unregister' && sub !== 'sofia::expire') return;
    const user = event.get('from-user') ?? event.get('username');
    if (!user) return;
    this.deps.emit({ type: 'endpoint.presence', endpoint: user, presence: sub === 'sofia::register' ? 'registered' : 'unregistered' });
  }
}

/**
 * `sip_hangup_disposition` says which side sent the BYE / CANCEL / refusal: `recv_*` the far end,
 * `send_*` FreeSWITCH. A `send_*` we did not ask for is FreeSWITCH's own decision (media
 * timeout, dialplan hangup), so neither the far end nor us.
 */
export function initiatorOf(endingLocally: boolean, disposition: string | undefined): 'remote' | 'local' | 'unknown' {
  if (endingLocally) return 'local';
  return disposition?.startsWith('recv_') ? 'remote' : 'unknown';
}
