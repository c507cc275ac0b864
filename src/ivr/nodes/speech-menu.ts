import { isSeq, type Node as YamlNode } from 'yaml';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { SpeechChoice, SpeechMenuNode } from '../flow.js';
import { MapView } from '../yaml-reader.js';
import type { NodeDef } from './node-def.js';
import { isDtmfDigit, prompts, target } from './parse-helpers.js';

const PHRASE = /^[a-z]+( [a-z]+)*$/;

/**
 * The caller says one of the choices ("order status"); the utterance is recorded on the media
 * server at 16 kHz until silence, then recognized against a grammar made of exactly these phrases. Each
 * choice may also carry a key, which interrupts the prompt or the recording: DTMF stays the
 * fallback for callers who cannot or will not speak.
 */
export const speechMenuNode: NodeDef<SpeechMenuNode> = {
  kind: 'speech_menu',
  fields: ['prompt', 'choices', 'silence', 'maxDuration', 'retries', 'invalid', 'onFail'],
  parse(v, base) {
    const p = prompts(v, 'prompt');
    if (p.length === 0) v.r.report(v.pos, 'IVR_NEEDS_PROMPT', { where: v.at });
    return {
      kind: 'speech_menu',
      ...base,
      prompts: p,
      choices: speechChoices(v),
      maxSilenceMs: v.duration('silence', 1500),
      maxDurationMs: v.duration('maxDuration', 8000),
      retries: v.number('retries', 2, { min: 0, max: 10, integer: true }),
      invalid: prompts(v, 'invalid'),
      onFail: target(v, 'onFail', true),
    };
  },
  async run(node, ctx) {
    const keys = node.choices.map((c) => c.digit ?? '').join('');
    // Without a recognizer on this machine the caller is not recorded for nothing: keys only.
    if (!ctx.services.recognizer.available()) return keysOnly(node, ctx, keys);
    const byDigit = (d: string) => node.choices.find((c) => c.digit === d);
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      const played = await ctx.play(node.prompts, keys || undefined);
      if (played.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
      if (played.reason === 'interrupted') {
        ctx.pressed(played.digit);
        const c = byDigit(played.digit);
        if (c) return { next: c.next.id, result: played.digit };
      } else {
        const heard = await listen(node, ctx, attempt, keys);
        if (heard === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
        if (heard?.digit !== undefined) {
          ctx.pressed(heard.digit);
          const c = byDigit(heard.digit);
          if (c) return { next: c.next.id, result: heard.digit };
        } else if (heard?.phrase) {
          const c = node.choices.find((x) => x.phrase === heard.phrase);
          if (c) {
            ctx.vars['speech_choice'] = c.phrase;
            return { next: c.next.id, result: `said "${c.phrase}"` };
          }
        }
      }
      if (node.invalid.length > 0 && attempt < node.retries) await ctx.play(node.invalid);
    }
    if (ctx.gone()) return { outcome: { kind: 'abandoned', node: node.id } };
    return { next: node.onFail.id, result: 'fail' };
  },
};

/** The speech menu as a key menu: the prompt, then one key (the choices' digits), as often as the retries allow. */
async function keysOnly(node: SpeechMenuNode, ctx: Parameters<typeof speechMenuNode.run>[1], keys: string): ReturnType<typeof speechMenuNode.run> {
  const prompt = await ctx.resolve(node.prompts);
  for (let attempt = 0; attempt <= node.retries; attempt++) {
    // The time a speaker would have had (silence + utterance) is the time to press a key.
    const res = await ctx.collect({ maxDigits: 1, firstDigitTimeoutMs: node.maxSilenceMs + node.maxDurationMs, prompt });
    if (res.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    if (res.digits !== '') {
      ctx.pressed(res.digits);
      const c = keys.includes(res.digits) ? node.choices.find((x) => x.digit === res.digits) : undefined;
      if (c) return { next: c.next.id, result: res.digits };
    }
    if (node.invalid.length > 0 && attempt < node.retries) await ctx.play(node.invalid);
  }
  if (ctx.gone()) return { outcome: { kind: 'abandoned', node: node.id } };
  return { next: node.onFail.id, result: 'fail' };
}

type Heard = { digit: string; phrase?: never } | { phrase: string | null; digit?: never };

async function listen(node: SpeechMenuNode, ctx: Parameters<typeof speechMenuNode.run>[1], attempt: number, keys: string): Promise<Heard | 'gone'> {
  const name = `ivr-${ctx.callId}-${node.id}-${attempt + 1}`;
  let digit: string | undefined;
  let recordingId: string | undefined;
  const stopListening = ctx.onDigit((d) => {
    if (digit !== undefined || !keys.includes(d)) return;
    digit = d;
    const id = recordingId;
    // Not awaited (a key callback); tolerateGone never rejects and logs a failure beyond "gone".
    if (id) void tolerateGone(ctx.log, { what: 'stop the speech menu recording on a key', callId: ctx.callId, channelId: ctx.channel.id, recordingId: id }, () => ctx.media.stopRecording(id));
  });
  try {
    recordingId = await ctx.media.startRecording({
      target: { channelId: ctx.channel.id },
      name,
      format: 'wav',
      // The recognizer's model is wideband: 8 kHz audio loses most of what tells the phrases apart.
      sampleRate: 16000,
      maxSilenceMs: node.maxSilenceMs,
      maxDurationMs: node.maxDurationMs,
      ...(keys ? { terminateOn: keys } : {}),
    });
    await ctx.recordingFinished(recordingId);
  } catch (err) {
    if (ctx.gone()) return 'gone';
    throw err;
  } finally {
    stopListening();
  }
  if (ctx.gone()) return 'gone';
  if (digit !== undefined) return { digit };
  try {
    const r = await ctx.services.recognizer.recognize(ctx.services.recordings.wavPathOf(name), node.choices.map((c) => c.phrase));
    return { phrase: r.phrase };
  } catch (err) {
    // A recognizer failure must not strand the caller: it counts as "not understood" and DTMF still works.
    ctx.log.warn({ err: String(err), node: node.id }, 'speech recognition failed');
    return { phrase: null };
  }
}

function speechChoices(v: MapView): SpeechChoice[] {
  const n = v.node('choices');
  if (!isSeq(n)) {
    v.r.report(n ? v.valuePos('choices') : v.pos, 'IVR_SPEECH_NEEDS_CHOICES', { where: v.at });
    return [];
  }
  const out: SpeechChoice[] = [];
  const seenDigits = new Set<string>();
  const seenPhrases = new Set<string>();
  for (const item of n.items as YamlNode[]) {
    const m = MapView.of(v.r, item, `${v.at}/choice`, v.r.posOf(item));
    if (!m) continue;
    const phrase = (m.string('phrase', true) ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
    if (phrase && !PHRASE.test(phrase)) m.r.report(m.valuePos('phrase'), 'IVR_BAD_PHRASE', { phrase });
    if (seenPhrases.has(phrase)) m.r.report(m.valuePos('phrase'), 'IVR_DUPLICATE_PHRASE', { where: v.at, phrase });
    seenPhrases.add(phrase);
    const digit = m.string('digit');
    if (digit !== undefined && !isDtmfDigit(digit)) m.r.report(m.valuePos('digit'), 'IVR_NOT_A_PHONE_KEY_IN', { where: v.at, key: digit });
    else if (digit !== undefined && seenDigits.has(digit)) m.r.report(m.valuePos('digit'), 'IVR_DUPLICATE_KEY', { where: v.at, key: digit });
    if (digit !== undefined) seenDigits.add(digit);
    const next = target(m, 'next', true);
    m.rejectUnknown();
    out.push({ phrase, ...(digit !== undefined && isDtmfDigit(digit) ? { digit } : {}), next });
  }
  if (out.length === 0) v.r.report(v.valuePos('choices'), 'IVR_NO_CHOICES', { where: v.at });
  return out;
}
