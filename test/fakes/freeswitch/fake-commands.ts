/**
 * What each FreeSWITCH command does to the fake's calls, with the replies and event orders of
 * the captures: `+OK\n` / `+OK Success\n` / `-ERR No such channel!\n` api bodies, `_undef_`,
 * BACKGROUND_JOB `+OK <uuid>\n` or `-ERR <CAUSE>\n`, CHANNEL_EXECUTE / CHANNEL_EXECUTE_COMPLETE
 * carrying our Event-UUID as Application-UUID, hang-up as CHANNEL_HANGUP → CHANNEL_CALLSTATE →
 * CHANNEL_HANGUP_COMPLETE → CHANNEL_DESTROY.
 */
import { apiResponse, recordedStatus } from './esl-templates.js';
import { describeApp, newChannel, recordRate, wavOf, type EavesdropMode, type FakeChannel } from './fake-channels.js';
import type { FakeFreeSwitch } from './fake-freeswitch.js';
import { noteCallstate, showChannelsJson, uuidDump } from './fake-listing.js';
import { SOUND_PREFIX } from './fake-sounds.js';

const NO_CHANNEL = '-ERR No such channel!\n';
const MODE_OF_DIGIT: Record<string, EavesdropMode> = { '0': 'listen', '1': 'whisper', '2': 'whisper', '3': 'barge' };

export class FakeCommands {
  constructor(private readonly fs: FakeFreeSwitch) {}

  api(line: string): Buffer {
    return apiResponse(this.run(line));
  }

  bgapi(line: string, job: string): void {
    const [word = '', ...rest] = line.split(' ');
    if (word === 'originate') return this.originate(rest.join(' '), job);
    this.backgroundJob(job, word, rest.join(' '), this.run(line));
  }

  sendmsg(uuid: string, headers: Record<string, string>): string {
    const ch = this.fs.channels.get(uuid);
    if (!ch) return `-ERR invalid session id [${uuid}]`;
    if (headers['call-command'] === 'hangup') {
      this.hangup(ch, headers['hangup-cause'] ?? 'NORMAL_CLEARING', 'send_bye');
      return '+OK';
    }
    const app = headers['execute-app-name'] ?? '';
    ch.queue.push({ appUuid: headers['Event-UUID'] ?? crypto.randomUUID(), app, arg: headers['execute-app-arg'] ?? '' });
    return '+OK';
  }

  clearTimers(ch: FakeChannel): void {
    for (const t of ch.timers) this.fs.clock.clearTimeout(t);
    ch.timers = [];
    if (ch.running) this.fs.clock.clearTimeout(ch.running.timer);
    for (const r of ch.recordings.values()) this.fs.clock.clearTimeout(r.limitTimer);
  }

  // ---- far-end actions the tests drive ----

  /**
   * The far end answers. An originated leg then gets the originate job's reply and runs its
   * `&park()`; `parkLater` holds the park back (a real FreeSWITCH runs it a moment after the
   * answer) and returns what starts it.
   */
  answer(ch: FakeChannel, options: { parkLater?: boolean } = {}): () => void {
    const park = (): void => this.park(ch);
    if (ch.answered) return park;
    ch.answered = true;
    noteCallstate(ch, this.fs.clock.now());
    this.fs.channelEvent(ch, 'CHANNEL_ANSWER');
    this.fs.channelEvent(ch, 'CHANNEL_CALLSTATE');
    if (ch.jobUuid !== undefined) {
      for (const t of ch.timers) this.fs.clock.clearTimeout(t);
      ch.timers = [];
      this.backgroundJob(ch.jobUuid, 'originate', '', `+OK ${ch.id}\n`);
      ch.jobUuid = undefined;
      if (!options.parkLater) this.park(ch);
    }
    return park;
  }

  pressDigit(ch: FakeChannel, digit: string, source = 'RTP'): void {
    this.fs.channelEvent(ch, 'DTMF', { 'DTMF-Digit': digit, 'DTMF-Duration': '2000', 'DTMF-Source': source });
  }

  hangup(ch: FakeChannel, cause: string, disposition: string): void {
    if (!this.fs.channels.has(ch.id)) return;
    // As captured: CHANNEL_HANGUP and the CALLSTATE after it carry only Hangup-Cause; the
    // variables FreeSWITCH sets while tearing down (hangup_cause, sip_hangup_disposition: who
    // sent the BYE/CANCEL) first appear on CHANNEL_HANGUP_COMPLETE and CHANNEL_DESTROY.
    const set = { 'Hangup-Cause': cause, 'Answer-State': 'hangup', variable_hangup_cause: undefined, variable_sip_hangup_disposition: undefined };
    const complete = { ...set, variable_hangup_cause: cause, variable_sip_hangup_disposition: disposition };
    this.fs.channelEvent(ch, 'CHANNEL_HANGUP', set);
    this.clearTimers(ch);
    if (ch.running) this.fs.channelEvent(ch, 'CHANNEL_EXECUTE_COMPLETE', { 'Application-UUID': ch.running.appUuid, Application: ch.running.app, 'Application-Data': ch.running.arg }, { application: 'playback' });
    ch.running = undefined;
    ch.queue = [];
    for (const path of [...ch.recordings.keys()]) this.stopRecording(ch, path);
    this.fs.channelEvent(ch, 'CHANNEL_CALLSTATE', { ...set, 'Channel-Call-State': 'HANGUP' });
    this.fs.channelEvent(ch, 'CHANNEL_HANGUP_COMPLETE', complete);
    this.fs.channelEvent(ch, 'CHANNEL_DESTROY', complete);
    this.fs.channels.delete(ch.id);
    this.fs.endOutbound(ch.id);
    this.leave(ch);
    if (ch.jobUuid !== undefined) this.backgroundJob(ch.jobUuid, 'originate', '', `-ERR ${cause}\n`);
    ch.jobUuid = undefined;
    for (const s of this.fs.channels.values()) {
      if (s.eavesdrop?.target !== ch.id) continue;
      s.eavesdrop = undefined;
      this.park(s);
    }
  }

  // ---- api commands ----

  private run(line: string): string {
    const args = line.split(' ').filter((a) => a !== '');
    const [word = '', a1 = '', a2 = '', ...more] = args;
    const ch = this.fs.channels.get(a1);
    switch (word) {
      case 'status':
        return recordedStatus();
      case 'show':
        return line.trim() === 'show channels as json' ? showChannelsJson(this.fs.channels.values(), this.fs.clock.now()) : '\n0 total.\n';
      case 'uuid_dump':
        return uuidDump(ch, a2);
      case 'global_getvar':
        return a1 === 'sound_prefix' ? SOUND_PREFIX : '';
      case 'file_exists':
        return this.fs.sounds.fileExists(args.slice(1).join(' ')) ? 'true' : 'false';
      case 'uuid_exists':
        return ch ? 'true' : 'false';
      case 'user_exists':
        return a2 in this.fs.options.phones ? 'true' : 'false';
      case 'sofia':
        return this.registrations(args[args.length - 1] ?? '');
      case 'uuid_answer':
        if (!ch) return NO_CHANNEL;
        this.answer(ch);
        return '+OK\n';
      case 'uuid_kill':
        if (!ch) return NO_CHANNEL;
        this.hangup(ch, ch.answered || ch.direction === 'inbound' ? a2 || 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL', ch.answered ? 'send_bye' : 'send_cancel');
        return '+OK\n';
      case 'uuid_getvar':
        if (!ch) return NO_CHANNEL;
        return ch.vars.get(a2) ?? '_undef_';
      case 'uuid_setvar':
        if (!ch) return NO_CHANNEL;
        ch.vars.set(a2, more.join(' '));
        return '+OK\n';
      case 'uuid_break':
        if (!ch) return NO_CHANNEL;
        ch.queue = [];
        this.finishApp(ch);
        ch.moh = false;
        return '+OK\n';
      case 'uuid_send_dtmf':
        if (!ch) return NO_CHANNEL;
        ch.receivedDtmf += a2;
        return '+OK Success\n';
      case 'uuid_recv_dtmf':
        if (!ch) return NO_CHANNEL;
        this.pressDigit(ch, a2, 'APP');
        if (ch.eavesdrop && MODE_OF_DIGIT[a2]) ch.eavesdrop.mode = MODE_OF_DIGIT[a2];
        return `+OK ${ch.id} received DTMF ${a2}.\n`;
      case 'uuid_hold': {
        const off = a1 === 'off';
        const target = this.fs.channels.get(off ? a2 : a1);
        if (!target) return NO_CHANNEL;
        target.hold = !off;
        noteCallstate(target, this.fs.clock.now());
        this.fs.channelEvent(target, 'CHANNEL_CALLSTATE');
        this.fs.channelEvent(target, off ? 'CHANNEL_UNHOLD' : 'CHANNEL_HOLD');
        return '+OK Success\n';
      }
      case 'uuid_audio':
        if (!ch) return NO_CHANNEL;
        ch.mute[args[3] === 'write' ? 'out' : 'in'] = args[5] === '1';
        return '+OK Success\n';
      case 'uuid_record':
        return ch ? this.record(ch, a2, more[0] ?? '', more[1]) : NO_CHANNEL;
      case 'uuid_bridge': {
        const other = this.fs.channels.get(a2);
        if (!ch || !other) return NO_CHANNEL;
        this.leave(ch);
        this.leave(other);
        ch.peer = other.id;
        other.peer = ch.id;
        ch.app = other.app = 'bridge';
        this.fs.channelEvent(ch, 'CHANNEL_BRIDGE', { 'Other-Leg-Unique-ID': other.id }, { direction: 'inbound' });
        return `+OK ${other.id}\n`;
      }
      case 'uuid_transfer':
        return ch ? this.transfer(ch, args.slice(2)) : NO_CHANNEL;
      default:
        return `-ERR ${word} Command not found!\n`;
    }
  }

  private transfer(ch: FakeChannel, args: string[]): string {
    const both = args[0] === '-both';
    const dest = both ? (args[1] ?? '') : (args[0] ?? '');
    const peer = ch.peer === undefined ? undefined : this.fs.channels.get(ch.peer);
    if (dest.startsWith('conference:')) {
      const room = dest.slice(11).split('@')[0]!;
      for (const c of both && peer ? [ch, peer] : [ch]) {
        this.leave(c);
        c.conference = room;
        c.app = 'conference';
        this.fs.channelEvent(c, 'CHANNEL_EXECUTE', { Application: 'conference', 'Application-Data': dest.slice(11) }, { application: 'conference' });
      }
      return '+OK\n';
    }
    this.leave(ch);
    if (dest === 'park') return this.park(ch), '+OK\n';
    if (dest.startsWith('eavesdrop:')) {
      const target = dest.slice(10).split(',')[0]!;
      if (!this.fs.channels.has(target)) return this.park(ch), '+OK\n';
      ch.eavesdrop = { target, mode: 'listen' };
      ch.app = 'eavesdrop';
      this.fs.channelEvent(ch, 'CHANNEL_EXECUTE', { Application: 'eavesdrop', 'Application-Data': target, 'Application-UUID': crypto.randomUUID() }, { application: 'eavesdrop' });
      return '+OK\n';
    }
    if (dest.startsWith('bridge:')) {
      const dial = dest.slice(7);
      const phone = /^user\/([^@]+)/.exec(dial)?.[1];
      const number = /^sofia\/gateway\/[^/]+\/(.+)$/.exec(dial)?.[1];
      ch.redirectedTo = phone !== undefined ? `phone:${phone}` : number !== undefined ? `number:${number}` : `dial:${dial}`;
      ch.app = 'gone-elsewhere';
      return '+OK\n';
    }
    return `-ERR ${dest} not supported by the fake\n`;
  }

  /** Leaves bridge / conference / eavesdrop; a uuid_bridge peer falls back to park. */
  private leave(ch: FakeChannel): void {
    const peer = ch.peer === undefined ? undefined : this.fs.channels.get(ch.peer);
    ch.peer = undefined;
    ch.conference = undefined;
    ch.eavesdrop = undefined;
    if (peer && peer.peer === ch.id) {
      peer.peer = undefined;
      this.fs.channelEvent(peer, 'CHANNEL_UNBRIDGE', { 'Other-Leg-Unique-ID': ch.id }, { direction: 'inbound' });
      this.park(peer);
    }
  }

  park(ch: FakeChannel): void {
    ch.app = 'park';
    this.fs.channelEvent(ch, 'CHANNEL_EXECUTE', { Application: 'park', 'Application-Data': '' }, { application: 'park' });
    this.fs.channelEvent(ch, 'CHANNEL_PARK');
  }

  private registrations(user: string): string {
    const rule = '='.repeat(97);
    const registered = this.fs.options.phones[user] === true;
    const entry = registered
      ? `Call-ID:    \t${user}-reg@127.0.0.1\nUser:       \t${user}@${this.fs.options.domain}\nContact:    \t"${user}" <sip:${user}@127.0.0.1:5090>\nAgent:      \tsipp\nStatus:     \tRegistered(UDP)(unknown) EXP(2026-11-21 08:26:07) EXPSECS(3600)\nPing-Status:\tReachable\nHost:       \tvm\nIP:         \t127.0.0.1\nPort:       \t5090\nAuth-User:  \t${user}\nAuth-Realm: \t${this.fs.options.domain}\nMWI-Account:\t${user}@${this.fs.options.domain}\n\n`
      : '';
    return `\nRegistrations:\n${rule}\n${entry}Total items returned: ${registered ? 1 : 0}\n${rule}\n`;
  }

  // ---- originate ----

  private originate(arg: string, job: string): void {
    const match = /^\{(.*)\}(\S+) &park\(\)$/.exec(arg.trim());
    if (!match) return this.backgroundJob(job, 'originate', arg, '-ERR INVALID_ARGS\n');
    const vars = parseVars(match[1]!);
    const dial = match[2]!;
    const phone = /^user\/([^@]+)/.exec(dial)?.[1];
    const number = /^sofia\/gateway\/[^/]+\/(.+)$/.exec(dial)?.[1];
    const target = phone ?? number ?? dial;
    if (phone !== undefined && this.fs.options.phones[phone] !== true) {
      return this.backgroundJob(job, 'originate', arg, phone in this.fs.options.phones ? '-ERR USER_NOT_REGISTERED\n' : '-ERR SUBSCRIBER_ABSENT\n');
    }
    const id = vars.origination_uuid ?? crypto.randomUUID();
    const ch = newChannel({
      id, direction: 'outbound', name: `sofia/${this.fs.options.profile}/${target}@127.0.0.1:5090`,
      callerNumber: vars.origination_caller_id_number ?? '0000000000', callerName: vars.origination_caller_id_name ?? 'Outbound Call',
      dest: target, vars, created: this.fs.clock.now(),
    });
    ch.jobUuid = job;
    this.fs.channels.set(id, ch);
    for (const name of ['CHANNEL_STATE', 'CHANNEL_CREATE', 'CHANNEL_ORIGINATE', 'CHANNEL_PROGRESS', 'CHANNEL_CALLSTATE']) this.fs.channelEvent(ch, name);
    const behaviour = this.fs.behaviours.get(target) ?? 'answer';
    const timeoutMs = Number(vars.originate_timeout ?? '60') * 1000;
    if (behaviour === 'busy') return this.hangup(ch, 'USER_BUSY', 'recv_refuse');
    if (behaviour === 'answer') {
      this.answer(ch);
      return;
    }
    if (typeof behaviour === 'object') ch.timers.push(this.fs.clock.setTimeout(() => this.answer(ch), behaviour.answerAfterMs));
    ch.timers.push(this.fs.clock.setTimeout(() => this.hangup(ch, 'NO_ANSWER', 'send_cancel'), timeoutMs));
  }

  private backgroundJob(job: string, command: string, arg: string, body: string): void {
    this.fs.globalEvent({ name: 'BACKGROUND_JOB' }, { 'Job-UUID': job, 'Job-Command': command, 'Job-Command-Arg': arg }, body);
  }

  // ---- applications (sendmsg execute) ----

  /** Starts the next queued application (FreeSWITCH does so right after its +OK reply). */
  nextApp(ch: FakeChannel): void {
    if (ch.running || !this.fs.channels.has(ch.id)) return;
    const next = ch.queue.shift();
    if (!next) return;
    ch.running = { ...next, timer: undefined };
    const data = { 'Application-UUID': next.appUuid, Application: next.app, 'Application-Data': next.arg };
    this.fs.channelEvent(ch, 'CHANNEL_EXECUTE', data, { application: 'playback' });
    if (next.app === 'answer') this.answer(ch);
    if (next.app === 'playback' && !this.fs.sounds.playable(next.arg)) {
      // FreeSWITCH logs "Error Opening File" and the application ends at once, unheard.
      ch.running.failed = true;
      ch.running.timer = this.fs.clock.setTimeout(() => this.finishApp(ch), 0);
      return;
    }
    const heard = describeApp(next.app, next.arg);
    if (heard) ch.heardPrompts.push(heard);
    if (next.arg.startsWith('local_stream://')) ch.moh = true;
    if (next.app === 'playback') this.fs.channelEvent(ch, 'PLAYBACK_START', { 'Playback-File-Path': next.arg });
    if (next.app === 'record') {
      ch.recordings.set(next.arg.split(' ')[0]!, { path: next.arg.split(' ')[0]!, startedAt: this.fs.clock.now(), limitTimer: undefined, rate: recordRate(ch) });
      this.fs.channelEvent(ch, 'RECORD_START', { 'Record-File-Path': next.arg.split(' ')[0]! });
    }
    const ms = this.durationOf(next.app, next.arg);
    if (ms === null) return;
    ch.running.timer = this.fs.clock.setTimeout(() => this.finishApp(ch), ms);
  }

  private finishApp(ch: FakeChannel): void {
    const running = ch.running;
    if (!running) return;
    this.fs.clock.clearTimeout(running.timer);
    ch.running = undefined;
    if (running.arg.startsWith('local_stream://')) ch.moh = false;
    if (running.app === 'playback' && !running.failed) this.fs.channelEvent(ch, 'PLAYBACK_STOP', { 'Playback-File-Path': running.arg });
    if (running.app === 'record') this.stopRecording(ch, running.arg.split(' ')[0]!);
    const response = running.failed ? 'FILE NOT FOUND' : 'FILE PLAYED';
    this.fs.channelEvent(ch, 'CHANNEL_EXECUTE_COMPLETE', { 'Application-UUID': running.appUuid, Application: running.app, 'Application-Data': running.arg, 'Application-Response': response }, { application: 'playback' });
    queueMicrotask(() => this.nextApp(ch));
  }

  /** null: plays until broken (music on hold). */
  private durationOf(app: string, arg: string): number | null {
    if (app === 'record') {
      // The fake caller is silent: `record` ends after its silence seconds, or its limit if sooner.
      const [, limit = '0', , silence = '0'] = arg.split(' ');
      const ends = [Number(limit), Number(silence)].filter((n) => n > 0).map((n) => n * 1000);
      return ends.length === 0 ? null : Math.min(...ends);
    }
    if (app === 'say') return 400 * (arg.split(' ').pop()?.length ?? 1);
    if (app !== 'playback') return 0;
    if (arg.startsWith('local_stream://')) return null;
    if (arg.startsWith('silence_stream://')) return Number(arg.slice(17)) || 0;
    if (arg.startsWith('tone_stream://')) return 400;
    return this.fs.options.soundDurations[arg.replace(/\.wav$/, '')] ?? 1000;
  }

  // ---- recording ----

  private record(ch: FakeChannel, action: string, path: string, limit: string | undefined): string {
    if (action === 'start') {
      const limitTimer = limit ? this.fs.clock.setTimeout(() => this.stopRecording(ch, path), Number(limit) * 1000) : undefined;
      ch.recordings.set(path, { path, startedAt: this.fs.clock.now(), limitTimer, rate: recordRate(ch) });
      this.fs.channelEvent(ch, 'RECORD_START', { 'Record-File-Path': path });
      this.fs.channelEvent(ch, 'MEDIA_BUG_START', { 'Media-Bug-Target': path });
      return '+OK Success\n';
    }
    if (!ch.recordings.has(path) && !(action === 'stop' && path === 'all')) return '-ERR Cannot find recording\n';
    if (action === 'stop') for (const p of path === 'all' ? [...ch.recordings.keys()] : [path]) this.stopRecording(ch, p);
    return '+OK Success\n';
  }

  private stopRecording(ch: FakeChannel, path: string): void {
    const rec = ch.recordings.get(path);
    if (!rec) return;
    ch.recordings.delete(path);
    this.fs.clock.clearTimeout(rec.limitTimer);
    this.fs.recordingFiles.set(path, wavOf(this.fs.clock.now() - rec.startedAt, rec.rate));
    this.fs.channelEvent(ch, 'RECORD_STOP', { 'Record-File-Path': path });
    this.fs.channelEvent(ch, 'MEDIA_BUG_STOP', { 'Media-Bug-Target': path });
  }
}

/** `a=b,c='d e',x=1\,2` as FreeSWITCH's bracket parser reads it. */
function parseVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq);
    let j = eq + 1;
    let value = '';
    const quoted = text[j] === "'";
    if (quoted) j++;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '\\' && text[j + 1] === ',') {
        value += ',';
        j += 2;
        continue;
      }
      if (quoted ? c === "'" : c === ',') break;
      value += c;
      j++;
    }
    if (quoted) j++;
    out[name] = value;
    i = j + 1;
  }
  return out;
}
