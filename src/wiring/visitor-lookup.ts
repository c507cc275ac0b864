/**
 * Device and region of a widget visitor, both read locally: the User-Agent header with
 * ua-parser-js, the address with geoip-lite's database files shipped inside the package
 * (node_modules/geoip-lite/data). Nothing here calls out: the database is never updated at
 * runtime (geoip-lite's own `updatedb` script and `startWatchingDataUpdate` are not used), and
 * it is loaded on the first lookup, not at start (it takes a moment and some memory).
 */
import { createRequire } from 'node:module';
import type { VisitDevice, VisitorLookup, VisitRegion } from '../chat/ports.js';

/** The part of ua-parser-js 1.0 used here (it ships no types). */
type UAParserClass = new (ua: string) => {
  getResult(): { browser: { name?: string; major?: string }; os: { name?: string; version?: string }; device: { type?: string } };
};

interface GeoIp {
  lookup(ip: string): { country: string; region: string; city: string } | null;
}

const require = createRequire(import.meta.url);
const UAParser = require('ua-parser-js') as UAParserClass;
let geoip: GeoIp | undefined;

function geo(): GeoIp {
  geoip ??= require('geoip-lite') as GeoIp;
  return geoip;
}

export function deviceOf(userAgent: string): VisitDevice {
  const r = new UAParser(userAgent.slice(0, 1000)).getResult();
  const browser = [r.browser.name, r.browser.major].filter(Boolean).join(' ');
  const os = [r.os.name, r.os.version].filter(Boolean).join(' ');
  // ua-parser-js names no device type for desktops.
  const type = r.device.type ?? (r.os.name || r.browser.name ? 'desktop' : '');
  return { type, browser, os };
}

export function regionOf(ip: string): VisitRegion | undefined {
  // An IPv4 client on a dual-stack socket appears as ::ffff:a.b.c.d.
  const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const found = geo().lookup(address);
  if (!found || !found.country) return undefined;
  return { country: found.country, region: found.region, city: found.city };
}

export const localVisitorLookup: VisitorLookup = { device: deviceOf, region: regionOf };
