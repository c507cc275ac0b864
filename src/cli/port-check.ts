import net from 'node:net';
import { AppError } from '../core/errors.js';

/**
 * Refuses a listen address that is taken before anything else happens. Why: the daemon opens the
 * database, applies migrations and may create (and print the password of) the first admin before
 * it listens; a port clash found only then leaves a printed password for a daemon that never ran.
 * A probe listener is opened and closed at once; port 0 (any free port) needs no check.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        const reason = err.code === 'EADDRINUSE' ? 'is in use by another program (another Switchboard?)' : 'needs privileges this process lacks';
        reject(
          new AppError('CONFIG_INVALID', `Cannot listen on ${host}:${port}: the port ${reason}`, {
            problems: [{ where: 'SWITCHBOARD_PORT', reason: `${host}:${port} ${reason}` }],
          }),
        );
      } else {
        reject(err);
      }
    });
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}
