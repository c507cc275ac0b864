/**
 * Device and region of a visitor, read locally: ua-parser-js on the User-Agent header, geoip-lite's
 * database files shipped in the package. 8.8.8.8 and 1.2.4.8 are only looked up in those files.
 */
import { describe, expect, it } from 'vitest';
import { deviceOf, regionOf } from '../../../src/wiring/visitor-lookup.js';

describe('visitor device from the User-Agent', () => {
  it('given an iPhone Safari when read then mobile, Mobile Safari, iOS', () => {
    const ua = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    expect(deviceOf(ua)).toEqual({ type: 'mobile', browser: 'Mobile Safari 17', os: 'iOS 17.0' });
  });

  it('given Chrome on Windows when read then desktop (the parser names no type for desktops)', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    expect(deviceOf(ua)).toEqual({ type: 'desktop', browser: 'Chrome 120', os: 'Windows 10' });
  });

  it('given an iPad when read then tablet', () => {
    expect(deviceOf('Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1').type).toBe('tablet');
  });

  it('given no User-Agent when read then everything is unknown', () => {
    expect(deviceOf('')).toEqual({ type: '', browser: '', os: '' });
  });
});

describe('visitor region from the address (local database only)', () => {
  it('given public addresses when looked up then the country comes from the shipped database', () => {
    expect(regionOf('8.8.8.8')?.country).toBe('US');
    expect(regionOf('::ffff:8.8.8.8')?.country).toBe('US');
    expect(regionOf('1.2.4.8')?.country).toBe('CN');
  });

  it('given loopback and private addresses when looked up then there is no region', () => {
    expect(regionOf('127.0.0.1')).toBeUndefined();
    expect(regionOf('::1')).toBeUndefined();
    expect(regionOf('10.1.2.3')).toBeUndefined();
    expect(regionOf('192.168.1.10')).toBeUndefined();
  });
});
