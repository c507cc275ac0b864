/**
 * The PostgreSQL pool when the server goes away and comes back (issue 15): reached through the
 * fault harness's TCP proxy, so the real server is never touched. PostgreSQL only (PGlite runs in
 * the process and cannot be cut off): skipped without DATABASE_URL.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../../src/store/db.js';
import { PgProxy } from '../../faults/pg-proxy.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('the PostgreSQL pool through an outage', () => {
  let proxy: PgProxy | undefined;
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    await proxy?.close();
  });

  async function open(): Promise<{ warnings: { obj: object; msg?: string }[]; handle: DatabaseHandle; proxy: PgProxy }> {
    const target = new URL(url as string);
    proxy = await PgProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    const warnings: { obj: object; msg?: string }[] = [];
    handle = await createDatabase({ databaseUrl: proxy.urlFor(url as string), poolMax: 2, log: { warn: (obj, msg) => warnings.push({ obj, ...(msg ? { msg } : {}) }) } });
    return { warnings, handle, proxy };
  }

  const answers = (h: DatabaseHandle) => sql<{ n: number }>`select 1 as n`.execute(h.db).then((r) => r.rows[0]?.n);

  it('given a connection idle in the pool when the server cuts it then the loss is logged as a warning, not thrown, and the next query after it is back opens a new connection', async () => {
    const { warnings, handle: h, proxy: p } = await open();
    expect(await answers(h)).toBe(1);
    const lost = new Promise<void>((resolve) => {
      const poll = () => (warnings.length > 0 ? resolve() : setImmediate(poll));
      poll();
    });

    p.cut();
    await lost;

    expect(warnings[0]?.msg).toMatch(/PostgreSQL connection was lost/);
    p.restore();
    expect(await answers(h)).toBe(1);
    expect(p.accepted).toBe(2);
  });

  it('given the server unreachable when a query runs then it fails, and once the server is back the same pool answers again', async () => {
    const { handle: h, proxy: p } = await open();
    expect(await answers(h)).toBe(1);
    p.cut();

    await expect(answers(h)).rejects.toThrow();

    p.restore();
    expect(await answers(h)).toBe(1);
  });
});
