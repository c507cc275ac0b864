/**
 * The chime of a silence alert: one short two-note chime made with WebAudio (no audio file).
 * Browsers only let a page make sound after a user gesture: the context is created or resumed on
 * the first click or key on the page (`unlockOnGesture`), and a chime is played only on a context
 * that is already running. Otherwise the alert is silent (the pop-up shows anyway), and nothing is
 * logged: the alert is about a visitor, and a sound that could not play is not worth a line.
 */
export class AlertChime {
  private ctx: AudioContext | undefined;

  /** Creates (or resumes) the audio context on the page's first user gesture. Returns the remover. */
  unlockOnGesture(target: EventTarget = window): () => void {
    const unlock = () => {
      try {
        this.ctx ??= new AudioContext();
        if (this.ctx.state === 'suspended') this.ctx.resume().then(undefined, () => undefined /* still not allowed: the next gesture tries again */);
      } catch {
        // No WebAudio in this browser: alerts stay visual.
        this.ctx = undefined;
      }
    };
    target.addEventListener('pointerdown', unlock);
    target.addEventListener('keydown', unlock);
    return () => {
      target.removeEventListener('pointerdown', unlock);
      target.removeEventListener('keydown', unlock);
    };
  }

  /** Plays the chime when the browser already allows sound; true when it did. */
  play(): boolean {
    const ctx = this.ctx;
    if (ctx?.state !== 'running') return false;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    const t0 = ctx.currentTime;
    [880, 660].forEach((hz, i) => {
      const start = t0 + i * 0.25;
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.1, start + 0.02);
      gain.gain.linearRampToValueAtTime(0, start + 0.22);
      osc.start(start);
      osc.stop(start + 0.23);
    });
    return true;
  }
}
