/** The service worker's precache list and version, decided at build time from the built files. */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appIcons, drawIcon, encodePng } from '../../../src/build/app-icons.js';
import { precacheList, shellVersion } from '../../../src/build/precache.js';
import { webManifest } from '../../../src/api/http/web/web-manifest.js';

const VITE_OUTPUT = [
  'index.html',
  'assets/index-CcXy5Cgm.css',
  'assets/index-CxMxrVHO.js',
  'assets/index-CxMxrVHO.js.map',
  'assets/softphone-DU28UfVM.js',
  'assets/softphone-DU28UfVM.js.map',
  'assets/inter-latin-400.woff2',
  'icons/icon-192.png',
  'icons/icon.svg',
  'sw.js',
  '.build-stamp',
  'assets/.DS_Store',
  'notes/readme.txt',
  'stats.json',
];

describe('precacheList', () => {
  it('given a Vite build folder when listed then the shell is the page under /app/, the bundles, styles, fonts and icons, sorted', () => {
    expect(precacheList(VITE_OUTPUT, '/app/')).toEqual([
      '/app/',
      '/app/assets/index-CcXy5Cgm.css',
      '/app/assets/index-CxMxrVHO.js',
      '/app/assets/inter-latin-400.woff2',
      '/app/assets/softphone-DU28UfVM.js',
      '/app/icons/icon-192.png',
      '/app/icons/icon.svg',
    ]);
  });

  it('given source maps, the worker itself, dot-files and files outside assets/ and icons/ when listed then none is precached', () => {
    const list = precacheList(VITE_OUTPUT, '/app/');
    expect(list.filter((u) => u.endsWith('.map') || u.endsWith('sw.js') || u.includes('/.') || u.includes('notes') || u.includes('stats'))).toEqual([]);
  });

  it('given Windows path separators when listed then the URLs use slashes', () => {
    expect(precacheList(['assets\\main-1.js'], '/app/')).toEqual(['/app/assets/main-1.js']);
  });
});

describe('shellVersion', () => {
  const entries = [
    { url: '/app/', bytes: Buffer.from('<html>1</html>') },
    { url: '/app/assets/a.js', bytes: Buffer.from('a') },
  ];

  it('given the same files in another order when versioned then the version is the same', () => {
    expect(shellVersion([...entries].reverse())).toBe(shellVersion(entries));
    expect(shellVersion(entries)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('given one changed byte in index.html when versioned then the version changes (a new worker, a new cache)', () => {
    const changed = [{ url: '/app/', bytes: Buffer.from('<html>2</html>') }, entries[1]!];
    expect(shellVersion(changed)).not.toBe(shellVersion(entries));
  });

  it('given a renamed file with the same bytes when versioned then the version changes', () => {
    const renamed = [entries[0]!, { url: '/app/assets/b.js', bytes: Buffer.from('a') }];
    expect(shellVersion(renamed)).not.toBe(shellVersion(entries));
  });
});

/** Width, height, and the RGBA of one pixel, read back from the PNG bytes. */
function readPng(png: Buffer): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, pixel: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)] };
}

describe('app icons', () => {
  it('given the 192 px icon when decoded then it is a 192x192 PNG: blue in the corner area, white in the bubble, transparent outside the rounded corner', () => {
    const png = readPng(encodePng(192, drawIcon(192, 'rounded')));
    expect([png.width, png.height]).toEqual([192, 192]);
    expect(png.pixel(0, 0)[3]).toBe(0);
    expect(png.pixel(96, 170)).toEqual([0x1d, 0x5f, 0xbf, 255]);
    expect(png.pixel(50, 60)).toEqual([255, 255, 255, 255]);
  });

  it('given the maskable icon when decoded then it is full bleed (no transparent corner)', () => {
    const png = readPng(encodePng(512, drawIcon(512, 'full')));
    expect(png.pixel(0, 0)).toEqual([0x1d, 0x5f, 0xbf, 255]);
  });

  it('given the manifest when its icons are looked up then each one is a file the build writes and precaches', () => {
    const written = Object.keys(appIcons());
    const precached = precacheList(written, '/app/');
    for (const icon of webManifest('en').icons as { src: string }[]) {
      expect(written).toContain(icon.src.replace('/app/', ''));
      expect(precached).toContain(icon.src);
    }
  });
});
