/**
 * The daemon's clock as seen from the page. Times in state, waits and wrap-up countdowns are
 * differences between the daemon's timestamps and "now": a PC whose clock is a minute off would
 * show them a minute off. Each answer's Date header (whole seconds) tells the offset; it is only
 * applied when it is beyond that rounding, so a correct clock is left alone.
 */
let offsetMs = 0;
/** Once an answer carried the daemon's clock in milliseconds, the whole-second Date header is ignored. */
let precise = false;

/** Called with each HTTP answer's Date header and the local time the request was sent / answered. */
export function noteServerDate(dateHeader: string | null, sentAt: number, receivedAt: number): void {
  if (!dateHeader || precise) return;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return;
  // The header is whole seconds, taken somewhere between send and receive: +500 ms centres it.
  const local = (sentAt + receivedAt) / 2;
  const measured = server + 500 - local;
  offsetMs = Math.abs(measured) > 2000 ? measured : 0;
}

/**
 * An answer that says the daemon's time in milliseconds (the desk's serverTime): taken as the
 * middle of the request, the offset is then as good as the round trip.
 */
export function noteServerTime(serverMs: number, sentAt: number, receivedAt: number): void {
  precise = true;
  offsetMs = serverMs - (sentAt + receivedAt) / 2;
}

/** The daemon's "now" in epoch ms. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}
