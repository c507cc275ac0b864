import { describe, expect, it } from 'vitest';
import { DatabaseProbe } from '../../../../src/api/http/health/database-probe.js';

/** A database whose answers the test releases by hand, counting the checks it was asked. */
function fakeDb() {
  const db = { checks: 0, down: false, pending: [] as (() => void)[] };
  const check = () =>
    new Promise<void>((resolve, reject) => {
      db.checks++;
      const down = db.down;
      db.pending.push(() => (down ? reject(new Error('connection refused')) : resolve()));
    });
  const release = () => db.pending.splice(0).forEach((f) => f());
  return { db, check, release };
}

function logs() {
  const lines: { level: string; msg: string | undefined }[] = [];
  return { lines, logger: { warn: (_o: object, msg?: string) => lines.push({ level: 'warn', msg }), info: (_o: object, msg?: string) => lines.push({ level: 'info', msg }) } };
}

describe('the database check behind /healthz', () => {
  it('given 500 health requests at once when the database answers then they share one check', async () => {
    const { db, check, release } = fakeDb();
    const probe = new DatabaseProbe(check, () => 0, logs().logger);
    const answers = Array.from({ length: 500 }, () => probe.ok());
    release();
    expect(await Promise.all(answers)).toEqual(Array(500).fill(true));
    expect(db.checks).toBe(1);
  });

  it('given an answer younger than its age limit when asked again then it is reused; once older, the database is asked again', async () => {
    const { db, check, release } = fakeDb();
    let now = 10_000;
    const probe = new DatabaseProbe(check, () => now, logs().logger, 1000);
    const first = probe.ok();
    release();
    await first;
    now += 999;
    expect(await probe.ok()).toBe(true);
    expect(db.checks).toBe(1);
    now += 1;
    const again = probe.ok();
    release();
    expect(await again).toBe(true);
    expect(db.checks).toBe(2);
  });

  it('given the database stops answering and comes back when checked repeatedly then it reads degraded and is logged once when it fails and once when it is back', async () => {
    const { db, check, release } = fakeDb();
    let now = 0;
    const { lines, logger } = logs();
    const probe = new DatabaseProbe(check, () => now, logger, 1000);
    const ask = async () => {
      now += 1000;
      const answer = probe.ok();
      release();
      return answer;
    };
    db.down = true;
    expect(await ask()).toBe(false);
    expect(await ask()).toBe(false);
    expect(await ask()).toBe(false);
    db.down = false;
    expect(await ask()).toBe(true);
    expect(await ask()).toBe(true);
    expect(lines).toEqual([
      { level: 'warn', msg: 'health check: the database does not answer' },
      { level: 'info', msg: 'health check: the database answers again' },
    ]);
  });
});
