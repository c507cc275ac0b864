/**
 * The ring tone of an offer: two short double beeps (440 + 480 Hz, the North American ring
 * frequencies, pleasant enough to hear all day) every three seconds, made with WebAudio so no
 * audio file is fetched. Browsers only let a page make sound after the user interacted with it;
 * every toolbar page has had at least the sign-in click, and the first key or click unlocks it.
 */
import { signal } from '@preact/signals';

const PATTERN_EVERY_MS = 3000;

/** silent: nothing rings; playing: the tone sounds; blocked: the browser does not allow sound yet. */
export type ToneState = 'silent' | 'playing' | 'blocked';

export class Ringer {
  private ctx: AudioContext | undefined;
  private timer: number | undefined;
  private playing = false;
  /** What the agent hears (shown as data-tone on the offer, and a hint when blocked). */
  readonly tone = signal<ToneState>('silent');

  /** Call from a user gesture (or early): creates the audio context while the browser allows it. */
  unlock(): void {
    try {
      this.ctx ??= new AudioContext();
      if (this.ctx.state === 'suspended') void this.ctx.resume().catch((err: unknown) => console.info('ring tone: audio not allowed yet', err));
    } catch (err) {
      console.warn('ring tone: this browser has no WebAudio; offers ring visibly only', err);
    }
  }

  start(): void {
    if (this.playing) return;
    this.unlock();
    this.playing = true;
    const ring = () => {
      this.beeps();
      this.timer = window.setTimeout(ring, PATTERN_EVERY_MS);
    };
    ring();
  }

  stop(): void {
    this.playing = false;
    this.tone.value = 'silent';
    if (this.timer !== undefined) window.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private beeps(): void {
    const ctx = this.ctx;
    if (!ctx || ctx.state !== 'running') {
      this.tone.value = 'blocked';
      return;
    }
    this.tone.value = 'playing';
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const t0 = ctx.currentTime;
    // Two 0.4 s bursts with a 0.2 s gap; short ramps avoid clicks.
    for (const start of [t0, t0 + 0.6]) {
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.12, start + 0.02);
      gain.gain.setValueAtTime(0.12, start + 0.38);
      gain.gain.linearRampToValueAtTime(0, start + 0.4);
    }
    for (const hz of [440, 480]) {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(t0);
      osc.stop(t0 + 1.0);
    }
  }
}
