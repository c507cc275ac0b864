/**
 * The fake's ARI REST resources. Status codes and error bodies are the recorded ones
 * (rest/errors): 404 "Channel not found", 400 "Channel not found" from addChannel, 409 "Channel
 * not in Stasis application", 500 `{"error":"Allocation failed"}` for an unknown technology.
 * Events that Asterisk sends before the HTTP response are emitted before the reply is returned;
 * `after` holds what comes after it.
 */
import { ERR, ariTimestamp } from './ari-frames.js';
import {
  answerLeg,
  bridgeOf,
  ch,
  enterBridge,
  forget,
  hangupSequence,
  leaveBridge,
  newChannel,
  ringLeg,
  type CallDeps,
} from './fake-calls.js';
import { finishPlayback, finishRecording, getRecording, pauseRecording, startPlayback, startRecording } from './fake-media.js';
import type { FakeChannel, Reply } from './fake-model.js';

const ok = (body?: unknown): Reply => (body === undefined ? { status: 204 } : { status: 200, body });

export function route(d: CallDeps, method: string, path: string, q: URLSearchParams, body: unknown): Reply {
  const parts = path.replace(/^\/ari\//, '').split('/').map(decodeURIComponent);
  const [res, id, op, sub] = parts;
  if (res === 'channels') return channels(d, method, id, op, q, body);
  if (res === 'bridges') return bridges(d, method, id, op, q);
  if (res === 'playbacks' && id) {
    const p = d.world.playbacks.get(id);
    if (!p) return { status: 404, body: ERR.playbackNotFound };
    if (method === 'DELETE') {
      finishPlayback(d, id);
      return ok();
    }
    return ok({ id: p.id, media_uri: p.media, target_uri: `channel:${p.channelId}`, language: 'en', state: 'playing' });
  }
  if (res === 'recordings' && id === 'live' && op) {
    if (method === 'GET' && !sub) return getRecording(d, op);
    if (sub === 'stop' && method === 'POST') return finishRecording(d, op);
    if (sub === 'pause') return pauseRecording(d, op, method === 'POST');
  }
  if (res === 'endpoints' && id === 'PJSIP' && op) {
    const state = d.world.phones.get(op);
    if (!state) return { status: 404, body: ERR.endpointNotFound };
    return ok({ technology: 'PJSIP', resource: op, state: state === 'registered' ? 'online' : 'offline', channel_ids: [] });
  }
  if (res === 'sounds' && id && method === 'GET') {
    // res_ari_sounds: a known id lists its formats; an unknown one is 404 "Sound not found".
    if (!d.world.sounds.has(id)) return { status: 404, body: { message: 'Sound not found' } };
    return ok({ id, formats: [{ language: 'en', format: 'gsm' }, { language: 'en', format: 'slin' }] });
  }
  if (res === 'asterisk' && id === 'ping') return ok({ ping: 'pong', timestamp: new Date(d.clock.now()).toISOString(), asterisk_id: '02:fc:00:00:00:01' });
  return { status: 404, body: ERR.resourceNotFound };
}

function stasisChannel(d: CallDeps, id: string): FakeChannel | Reply {
  const c = d.world.channels.get(id);
  if (!c) return { status: 404, body: ERR.channelNotFound };
  if (!c.inStasis) return { status: 409, body: ERR.notInStasis };
  return c;
}

function channels(d: CallDeps, method: string, id: string | undefined, op: string | undefined, q: URLSearchParams, body: unknown): Reply {
  if (!id) {
    if (method === 'GET') return ok([...d.world.channels.values()].map(ch));
    if (method === 'POST') return originate(d, q, body);
  }
  if (!id) return { status: 404, body: ERR.resourceNotFound };
  // Reading a variable and snooping look the channel up by name, not through the Stasis control:
  // any channel answers, and an unknown one gets "Provided channel was not found".
  if ((method === 'GET' && op === 'variable') || (method === 'POST' && op === 'snoop')) {
    const any = d.world.channels.get(id);
    if (!any) return { status: 404, body: ERR.providedChannelNotFound };
    if (op === 'snoop') return snoop(d, any, q);
    const v = any.vars.get(q.get('variable') ?? '');
    return v === undefined ? { status: 404, body: ERR.variableNotFound } : ok({ value: v });
  }
  const found = stasisChannel(d, id);
  if ('status' in found) {
    // Reading and hanging up work on any channel; the rest needs it in Stasis (recorded 409).
    const any = d.world.channels.get(id);
    if (any && !op && method === 'GET') return ok(ch(any));
    if (any && !op && method === 'DELETE') {
      hangupSequence(d, any, 32);
      return ok();
    }
    return found;
  }
  const c = found;
  switch (`${method} ${op ?? ''}`) {
    case 'GET ':
      return ok(ch(c));
    case 'DELETE ':
      hangupSequence(d, c, 32);
      return ok();
    case 'POST answer':
      if (c.state !== 'Up') {
        c.state = 'Up';
        d.emit('ChannelStateChange', { channel: ch(c) });
      }
      return ok();
    case 'POST ring':
      return ok();
    case 'POST hold':
    case 'DELETE hold':
      c.hold = method === 'POST';
      return ok();
    case 'POST moh':
    case 'DELETE moh':
      c.moh = method === 'POST';
      return ok();
    case 'POST silence':
      if (!c.silence) c.silenceSince = d.clock.now();
      c.silence = true;
      return ok();
    case 'DELETE silence':
      // What the far end lived through: that much silence (harness form `silence:<ms>`).
      if (c.silence) c.heard.push(`silence:${d.clock.now() - (c.silenceSince ?? d.clock.now())}`);
      c.silence = false;
      c.silenceSince = undefined;
      return ok();
    case 'POST mute':
    case 'DELETE mute': {
      const dir = q.get('direction') ?? 'both';
      if (dir === 'in' || dir === 'both') c.muteIn = method === 'POST';
      if (dir === 'out' || dir === 'both') c.muteOut = method === 'POST';
      return ok();
    }
    case 'POST dtmf':
      c.dtmf += q.get('dtmf') ?? '';
      return ok();
    case 'POST play':
      return startPlayback(d, c, q.get('media') ?? '', q.get('playbackId') ?? d.nextId());
    case 'POST record':
      return startRecording(d, { channelId: c.id }, q);
    case 'POST variable':
      c.vars.set(q.get('variable') ?? '', q.get('value') ?? '');
      return ok();
    case 'POST redirect':
      return redirect(d, c, q.get('endpoint') ?? '');
    default:
      return { status: 404, body: ERR.resourceNotFound };
  }
}

/** `PJSIP/agent1` -> agent1; `PJSIP/+155501@trunk` -> +155501; anything else is not allocatable. */
export function dialTarget(endpoint: string): string | undefined {
  const m = /^PJSIP\/([^@]+)(@.+)?$/.exec(endpoint);
  return m?.[1];
}

function originate(d: CallDeps, q: URLSearchParams, body: unknown): Reply {
  const endpoint = q.get('endpoint');
  if (!endpoint) return { status: 400, body: ERR.endpointRequired };
  const app = q.get('app');
  if (!app) return { status: 400, body: ERR.appRequired };
  const target = dialTarget(endpoint);
  const isNumber = endpoint.includes('@');
  if (!target || (!isNumber && d.world.phones.get(target) !== 'registered')) return { status: 500, body: ERR.allocationFailed };
  const id = q.get('channelId') ?? `${Math.floor(d.clock.now() / 1000)}.${d.nextSeq()}`;
  const callerId = /^"?([^"<]*)"?\s*<([^>]*)>$/.exec(q.get('callerId') ?? '');
  const c = newChannel(d, {
    id,
    name: `PJSIP/${isNumber ? 'trunk' : target}-${String(d.nextSeq()).padStart(8, '0')}`,
    origin: 'originated',
    protocol_id: d.nextId(),
    caller: { name: callerId?.[1]?.trim() ?? '', number: callerId?.[2] ?? '' },
    connected: { name: callerId?.[1]?.trim() ?? '', number: callerId?.[2] ?? '' },
    dialplan: { context: 'from-agent', exten: 's', priority: 1, app_name: 'AppDial2', app_data: '(Outgoing Line)' },
    target,
    appArgs: (q.get('appArgs') ?? '').split(',').filter((a) => a !== ''),
  });
  const vars = (body as { variables?: Record<string, string> } | undefined)?.variables ?? {};
  for (const [k, v] of Object.entries(vars)) c.vars.set(k, String(v));
  d.emit('Dial:empty', { dialstring: target, peer: ch(c) });
  const timeoutS = Number(q.get('timeout') ?? '30');
  return { status: 200, body: ch(c), after: () => ringLeg(d, c, (Number.isFinite(timeoutS) ? timeoutS : 30) * 1000) };
}

function snoop(d: CallDeps, target: FakeChannel, q: URLSearchParams): Reply {
  const id = q.get('snoopId') ?? `${Math.floor(d.clock.now() / 1000)}.${d.nextSeq()}`;
  const s = newChannel(d, {
    id,
    name: `Snoop/${target.id}-${String(d.nextSeq()).padStart(8, '0')}`,
    origin: 'snoop',
    state: 'Up',
    inStasis: true,
    dialplan: { context: 'default', exten: 's', priority: 1, app_name: 'Stasis', app_data: [q.get('app') ?? d.app, q.get('appArgs') ?? ''].join(',') },
    appArgs: (q.get('appArgs') ?? '').split(',').filter((a) => a !== ''),
    snoop: { target: target.id, spy: q.get('spy') ?? 'none', whisper: q.get('whisper') ?? 'none' },
  });
  d.emit('StasisStart:snoop', { args: s.appArgs, channel: ch(s) });
  return ok(ch(s));
}

function redirect(d: CallDeps, c: FakeChannel, endpoint: string): Reply {
  if (!dialTarget(endpoint)) return { status: 400, body: { message: 'Invalid endpoint' } };
  return {
    status: 204,
    // The caller accepts the REFER: the app sees ChannelHangupRequest + StasisEnd (flow b2).
    after: () => {
      if (d.world.channels.get(c.id) !== c) return;
      d.emit('ChannelHangupRequest:nocause', { channel: ch(c) });
      d.onChannelEnd(c);
      leaveBridge(d, c);
      d.emit('StasisEnd', { channel: ch(c) });
      forget(d, c);
      const view = d.world.ended.get(c.id);
      if (view) view.redirectedTo = endpoint;
    },
  };
}

function bridges(d: CallDeps, method: string, id: string | undefined, op: string | undefined, q: URLSearchParams): Reply {
  if (!id) {
    if (method === 'GET') return ok([...d.world.bridges.values()].map(bridgeOf));
    const type = q.get('type') ?? 'mixing';
    if (type !== 'mixing' && type !== 'holding') return { status: 500, body: ERR.badBridgeType };
    const bid = q.get('bridgeId') ?? d.nextId();
    const b = { id: bid, type, name: q.get('name') ?? '', channels: [], creationtime: ariTimestamp(d.clock.now()), moh: false } as const;
    d.world.bridges.set(bid, { ...b, channels: [] });
    return ok(bridgeOf({ ...b, channels: [] }));
  }
  const b = d.world.bridges.get(id);
  if (!b) return { status: 404, body: ERR.bridgeNotFound };
  switch (`${method} ${op ?? ''}`) {
    case 'GET ':
      return ok(bridgeOf(b));
    case 'DELETE ':
      for (const m of [...b.channels]) {
        const c = d.world.channels.get(m);
        if (c) leaveBridge(d, c);
      }
      d.world.bridges.delete(id);
      d.emit('BridgeDestroyed', { bridge: bridgeOf(b) });
      return ok();
    case 'POST addChannel': {
      const ids = (q.get('channel') ?? '').split(',');
      for (const cid of ids) {
        const c = d.world.channels.get(cid);
        if (!c) return { status: 400, body: ERR.addChannelNotFound };
        if (!c.inStasis) return { status: 422, body: ERR.addChannelNotInStasis };
      }
      for (const cid of ids) enterBridge(d, d.world.channels.get(cid) as FakeChannel, id);
      return ok();
    }
    case 'POST removeChannel': {
      const c = d.world.channels.get(q.get('channel') ?? '');
      if (!c) return { status: 400, body: ERR.addChannelNotFound };
      if (c.bridgeId !== id) return { status: 422, body: ERR.notInBridge };
      leaveBridge(d, c);
      return ok();
    }
    case 'POST moh':
    case 'DELETE moh':
      b.moh = method === 'POST';
      return ok();
    case 'POST record':
      return startRecording(d, { bridgeId: id }, q);
    default:
      return { status: 404, body: ERR.resourceNotFound };
  }
}

export { answerLeg };
