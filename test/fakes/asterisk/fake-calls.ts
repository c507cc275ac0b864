/**
 * Call life in the fake Asterisk: inbound callers, originated legs ringing/answering/refusing,
 * hang-up sequences. Event order follows the recorded flows (a, b3, c, d):
 * - originate: Dial "" (before the 200), ChannelStateChange Ringing, Dial RINGING;
 *   on answer ChannelStateChange Up, Dial ANSWER, StasisStart (only now)
 * - hang-up: ChannelHangupRequest, ChannelLeftBridge, StasisEnd, then ChannelDestroyed only for
 *   legs originated into the app (an inbound caller goes back to the dialplan, no Destroyed).
 */
import type { Clock } from '../../../src/core/clock.js';
import { ariTimestamp, bridgeJson, channelJson } from './ari-frames.js';
import type { FakeBridge, FakeChannel, FakeWorld } from './fake-model.js';

export type Emit = (key: string, values: Record<string, unknown>) => void;

export interface CallDeps {
  world: FakeWorld;
  clock: Clock;
  app: string;
  emit: Emit;
  nextId(): string;
  nextSeq(): number;
  /** Playbacks and recordings end with their channel. */
  onChannelEnd(c: FakeChannel): void;
}

export function newChannel(d: CallDeps, init: Partial<FakeChannel> & Pick<FakeChannel, 'id' | 'name' | 'origin'>): FakeChannel {
  const c: FakeChannel = {
    state: 'Down',
    protocol_id: '',
    caller: { name: '', number: '' },
    connected: { name: '', number: '' },
    dialplan: { context: 'from-sip', exten: 's', priority: 1, app_name: '', app_data: '' },
    creationtime: ariTimestamp(d.clock.now()),
    inStasis: false,
    vars: new Map(),
    moh: false,
    hold: false,
    silence: false,
    muteIn: false,
    muteOut: false,
    heard: [],
    dtmf: '',
    appArgs: [],
    ...init,
  };
  d.world.channels.set(c.id, c);
  return c;
}

export function ch(c: FakeChannel): Record<string, unknown> {
  return channelJson(c);
}

export function ringLeg(d: CallDeps, c: FakeChannel, timeoutMs: number): void {
  const behaviour = d.world.behaviours.get(c.target ?? '') ?? 'answer';
  if (behaviour === 'busy') {
    d.emit('Dial:RINGING', { dialstatus: 'BUSY', dialstring: c.target, peer: ch(c) });
    destroy(d, c, 17, 'User busy');
    return;
  }
  c.state = 'Ringing';
  d.emit('ChannelStateChange', { channel: ch(c) });
  d.emit('Dial:RINGING', { dialstring: c.target, peer: ch(c) });
  if (behaviour === 'answer') {
    answerLeg(d, c);
    return;
  }
  c.timer = d.clock.setTimeout(() => {
    d.emit('Dial:RINGING', { dialstatus: 'NOANSWER', dialstring: c.target, peer: ch(c) });
    destroy(d, c, 19, 'User alerting, no answer');
  }, timeoutMs);
  if (typeof behaviour === 'object') {
    const answerTimer = d.clock.setTimeout(() => {
      if (d.world.channels.get(c.id) === c && c.state === 'Ringing') answerLeg(d, c);
    }, behaviour.answerAfterMs);
    void answerTimer;
  }
}

export function answerLeg(d: CallDeps, c: FakeChannel): void {
  d.clock.clearTimeout(c.timer);
  c.timer = undefined;
  c.state = 'Up';
  d.emit('ChannelStateChange', { channel: ch(c) });
  d.emit('Dial:ANSWER', { dialstring: c.target, peer: ch(c) });
  c.dialplan = { ...c.dialplan, app_name: 'Stasis', app_data: [d.app, ...c.appArgs].join(',') };
  c.inStasis = true;
  d.emit('StasisStart:originated', { args: c.appArgs, channel: ch(c) });
}

/** The full hang-up of a channel; `requestCause` undefined means the request carried none. */
export function hangupSequence(
  d: CallDeps,
  c: FakeChannel,
  requestCause: number | undefined,
  destroyedCause = 16,
  destroyedText = 'Normal Clearing',
): void {
  if (d.world.channels.get(c.id) !== c) return;
  d.clock.clearTimeout(c.timer);
  if (c.state !== 'Up' && c.origin === 'originated') {
    d.emit('Dial:RINGING', { dialstatus: 'CANCEL', dialstring: c.target, peer: ch(c) });
    destroy(d, c, destroyedCause, destroyedText);
    return;
  }
  if (requestCause === undefined) d.emit('ChannelHangupRequest:nocause', { channel: ch(c) });
  else d.emit('ChannelHangupRequest', { cause: requestCause, channel: ch(c) });
  d.onChannelEnd(c);
  for (const s of [...d.world.channels.values()]) {
    if (s.snoop?.target === c.id) hangupSequence(d, s, 32);
  }
  leaveBridge(d, c);
  if (c.inStasis) d.emit('StasisEnd', { channel: ch(c) });
  if (c.origin === 'originated') d.emit('ChannelDestroyed', { cause: destroyedCause, cause_txt: destroyedText, channel: ch(c) });
  forget(d, c);
}

export function leaveBridge(d: CallDeps, c: FakeChannel): void {
  const b = c.bridgeId ? d.world.bridges.get(c.bridgeId) : undefined;
  c.bridgeId = undefined;
  if (!b) return;
  b.channels = b.channels.filter((x) => x !== c.id);
  d.emit('ChannelLeftBridge', { bridge: bridgeOf(b), channel: ch(c) });
}

export function enterBridge(d: CallDeps, c: FakeChannel, bridgeId: string): void {
  const b = d.world.bridges.get(bridgeId);
  if (!b) return;
  if (c.bridgeId && c.bridgeId !== bridgeId) leaveBridge(d, c);
  if (!b.channels.includes(c.id)) b.channels.push(c.id);
  c.bridgeId = bridgeId;
  d.emit('ChannelEnteredBridge', { bridge: bridgeOf(b), channel: ch(c) });
}

export function bridgeOf(b: FakeBridge): Record<string, unknown> {
  return bridgeJson(b);
}



function destroy(d: CallDeps, c: FakeChannel, cause: number, text: string): void {
  d.clock.clearTimeout(c.timer);
  d.emit('ChannelDestroyed', { cause, cause_txt: text, channel: ch(c) });
  forget(d, c);
}

export function forget(d: CallDeps, c: FakeChannel): void {
  const view = d.world.farSide(c.id);
  if (view) d.world.ended.set(c.id, view);
  d.world.channels.delete(c.id);
}
