/**
 * The active daemon's lease on PostgreSQL: a session advisory lock held by one dedicated
 * connection (not one from the pool, which would hand the session to other queries).
 *
 * Why a lock and not a lease row with heartbeats: a row lease is only as safe as the clocks and
 * timings of both daemons (the old holder may still act after its lease "expired" in the other's
 * view). The lock belongs to the server session, so the server alone decides, and it frees it the
 * moment the session ends: a daemon killed with -9 has its socket closed by the kernel, and the
 * standby takes over on its next poll.
 *
 * The split-brain case is a network cut between the active and PostgreSQL: the server keeps the
 * session (and the lock) until it notices the peer is gone. This session asks the server to notice
 * after about 5 s (tcp_keepalives_idle 2 s, then 3 probes 1 s apart), while the active checks its
 * hold every second and gives up after a 2 s silence (active-lease.ts): it has stopped driving the
 * PBX before the server can give the lock to anyone else.
 *
 * The lock key is this schema's: daemons of different databases or schemas on one server (tests
 * run side by side this way) never contend.
 */
import pg from 'pg';
import type { LeasePort } from '../standby/ports.js';

const LOCK = `hashtext('switchboard active daemon'), hashtext(current_schema())`;

export interface PostgresLeaseOptions {
  url: string;
  log: { warn(obj: object, msg: string): void };
  /** How long connecting may take (ms). */
  connectTimeoutMs?: number;
}

export class PostgresLease implements LeasePort {
  private client: pg.Client | undefined;
  private holding = false;
  private readonly lostListeners = new Set<(reason: string) => void>();

  constructor(private readonly o: PostgresLeaseOptions) {}

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.add(listener);
  }

  async tryAcquire(): Promise<boolean> {
    const client = await this.connection();
    const r = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(${LOCK}) as ok`);
    this.holding = r.rows[0]?.ok === true;
    return this.holding;
  }

  async stillHeld(): Promise<boolean> {
    const client = this.client;
    if (!client || !this.holding) return false;
    // A session lock is never taken from a live session: our session answering means we hold it.
    await client.query('select 1');
    return true;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.holding = false;
    if (!client) return;
    // Ending the session frees the lock; no unlock statement that could fail on a dead connection.
    await client.end();
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({ connectionString: this.o.url, connectionTimeoutMillis: this.o.connectTimeoutMs ?? 5_000, keepAlive: true, keepAliveInitialDelayMillis: 1_000 });
    const dropped = (reason: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      const was = this.holding;
      this.holding = false;
      if (was) for (const l of this.lostListeners) l(reason);
    };
    // An unheard 'error' would be an uncaught exception; both are the expected end of the session.
    client.on('error', (err) => {
      this.o.log.warn({ err }, "the active lease's connection failed");
      dropped(err.message);
    });
    client.on('end', () => dropped('the connection ended'));
    await client.connect();
    try {
      await client.query('set tcp_keepalives_idle = 2; set tcp_keepalives_interval = 1; set tcp_keepalives_count = 3');
    } catch (err) {
      await client.end();
      throw err;
    }
    this.client = client;
    return client;
  }
}
