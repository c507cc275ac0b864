/**
 * The widget every visitor downloads stays small: the built dist/web/widget/widget.js (made by the
 * test run's global setup, as `npm run build` makes it) gzipped at the level servers use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const WIDGET = path.resolve(import.meta.dirname, '../../../dist/web/widget/widget.js');
const LIMIT_BYTES = 60 * 1024;

describe('the chat widget bundle', () => {
  it('given the built widget.js when gzipped then it is under 60 KB, one classic script without imports', () => {
    const source = readFileSync(WIDGET);
    const gzipped = gzipSync(source, { level: 9 }).length;
    console.info(`widget.js: ${source.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeGreaterThan(1024);
    expect(gzipped).toBeLessThan(LIMIT_BYTES);
    // An IIFE: a foreign page loads it with a plain <script>, so no ES module syntax may remain.
    expect(source.toString('utf8')).not.toMatch(/^\s*(import|export)\s/m);
  });
});
