/**
 * A TCP proxy between the daemon under fault and PostgreSQL, so the harness can make the database
 * unreachable without touching the real server (CI shares it): `cut()` destroys every open
 * connection and refuses new ones (what a restarting or unreachable server looks like to a
 * client: a reset, then "connection refused"), `restore()` accepts again. It listens on 127.0.0.1
 * port 0 for the whole run, so the daemon's DATABASE_URL never changes.
 */
import net from 'node:net';

export class PgProxy {
  private readonly sockets = new Set<net.Socket>();
  private up = true;
  /** Connections accepted since the start (the daemon's pool reconnecting shows here). */
  accepted = 0;

  private readonly server: net.Server;
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client, target));
  }

  /** Listens on 127.0.0.1 port 0 and forwards each connection to `target` (host and port of PostgreSQL). */
  static async start(target: { host: string; port: number }): Promise<PgProxy> {
    const proxy = new PgProxy(target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  get open(): number {
    return this.sockets.size / 2;
  }

  /** Every open connection reset, new ones refused until restore(). */
  cut(): void {
    this.up = false;
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
  }

  restore(): void {
    this.up = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    // While cut, a connection is reset at once: the client sees the server gone, as with a refusal.
    if (!this.up) {
      client.resetAndDestroy();
      return;
    }
    this.accepted++;
    const server = net.connect(target);
    this.sockets.add(client);
    this.sockets.add(server);
    const end = () => {
      this.sockets.delete(client);
      this.sockets.delete(server);
      client.destroy();
      server.destroy();
    };
    // A reset on either side ends both: errors are this pair's end, nothing to report.
    client.on('error', end).on('close', end);
    server.on('error', end).on('close', end);
    client.pipe(server);
    server.pipe(client);
  }
}
