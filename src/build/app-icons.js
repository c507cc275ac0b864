// The installed app's icons, drawn here at build time (no image files in the repository, no
// drawing package): a white speech bubble with three dots on the toolbar's blue. One shape
// description renders both as SVG (the page's favicon) and as PNG at the sizes phones ask for
// (the manifest's 192/512, a full-bleed "maskable" one for Android's masks, Apple's 180 touch
// icon, and a white-on-transparent badge for the notification bar).
import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';

export const THEME_COLOUR = '#1d5fbf';
const BLUE = [0x1d, 0x5f, 0xbf];
const WHITE = [255, 255, 255];

/** The bubble, in a unit square; `inset` shrinks the drawing toward the centre (maskable safe zone). */
function shapes(inset) {
  const s = (v) => 0.5 + (v - 0.5) * inset;
  return {
    bubble: { cx: s(0.5), cy: s(0.45), hw: 0.3 * inset, hh: 0.21 * inset, r: 0.1 * inset },
    tail: [
      [s(0.31), s(0.6)],
      [s(0.47), s(0.62)],
      [s(0.27), s(0.79)],
    ],
    dots: [0.38, 0.5, 0.62].map((x) => ({ cx: s(x), cy: s(0.45), r: 0.045 * inset })),
  };
}

/** Signed distance to a rounded box (negative inside). */
function roundedBox(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance (inside negative) to a convex polygon given clockwise or not: max of edge distances. */
function convex(px, py, points) {
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    area += ax * by - bx * ay;
  }
  const sign = area > 0 ? 1 : -1;
  let d = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    const ex = bx - ax;
    const ey = by - ay;
    const len = Math.hypot(ex, ey);
    // Outward normal distance of the point from this edge.
    d = Math.max(d, (sign * (ex * (py - ay) - ey * (px - ax))) / -len);
  }
  return d;
}

/**
 * RGBA pixels of one icon.
 * @param {number} size pixels per side
 * @param {'rounded' | 'full' | 'badge'} kind rounded corners (purpose any), full bleed (maskable,
 *   Apple), or the white bubble alone on transparent (notification badge)
 */
export function drawIcon(size, kind) {
  const sh = shapes(kind === 'full' ? 0.8 : 1);
  const px = new Uint8Array(size * size * 4);
  const aa = 1 / size;
  const cover = (d) => Math.min(1, Math.max(0, 0.5 - d / aa));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const bg = kind === 'full' ? 1 : kind === 'badge' ? 0 : cover(roundedBox(u, v, 0.5, 0.5, 0.5, 0.5, 0.22));
      const b = sh.bubble;
      const bubble = Math.max(cover(roundedBox(u, v, b.cx, b.cy, b.hw, b.hh, b.r)), cover(convex(u, v, sh.tail)));
      const dot = Math.max(...sh.dots.map((c) => cover(Math.hypot(u - c.cx, v - c.cy) - c.r)));
      // White bubble over blue; the dots cut through the bubble back to the background.
      const white = bubble * (1 - dot);
      const i = (y * size + x) * 4;
      if (kind === 'badge') {
        px.set([255, 255, 255, Math.round(white * 255)], i);
        continue;
      }
      const alpha = Math.max(bg, white);
      for (let c = 0; c < 3; c++) px[i + c] = alpha === 0 ? 0 : Math.round((BLUE[c] * bg * (1 - white) + WHITE[c] * white) / Math.max(alpha, 1e-6));
      px[i + 3] = Math.round(alpha * 255);
    }
  }
  return px;
}

/** A PNG file (8-bit RGBA, no interlace) of square RGBA pixels. */
export function encodePng(size, rgba) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  // Each row starts with its filter type (0: none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The same drawing as SVG (rounded kind), for the page's favicon. */
export function iconSvg() {
  const sh = shapes(1);
  const k = (v) => (v * 100).toFixed(2);
  const b = sh.bubble;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">',
    `<rect width="100" height="100" rx="22" fill="${THEME_COLOUR}"/>`,
    `<rect x="${k(b.cx - b.hw)}" y="${k(b.cy - b.hh)}" width="${k(2 * b.hw)}" height="${k(2 * b.hh)}" rx="${k(b.r)}" fill="#fff"/>`,
    `<polygon points="${sh.tail.map(([x, y]) => `${k(x)},${k(y)}`).join(' ')}" fill="#fff"/>`,
    ...sh.dots.map((d) => `<circle cx="${k(d.cx)}" cy="${k(d.cy)}" r="${k(d.r)}" fill="${THEME_COLOUR}"/>`),
    '</svg>',
    '',
  ].join('');
}

/** Every icon file the app ships, by its path under the app's folder. */
export function appIcons() {
  return {
    'icons/icon.svg': Buffer.from(iconSvg()),
    'icons/icon-192.png': encodePng(192, drawIcon(192, 'rounded')),
    'icons/icon-512.png': encodePng(512, drawIcon(512, 'rounded')),
    'icons/maskable-512.png': encodePng(512, drawIcon(512, 'full')),
    'icons/apple-touch-icon.png': encodePng(180, drawIcon(180, 'full')),
    'icons/badge-96.png': encodePng(96, drawIcon(96, 'badge')),
  };
}
