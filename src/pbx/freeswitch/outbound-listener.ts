/**
 * Outbound Event Socket listener: the dialplan's `socket <host:port> async full` connects to us
 * for each new call. We use it only for call arrival, because it is the fastest way to learn
 * about a call (3.9 ms median in latency-facts.md, against ~10-20 ms for CHANNEL_PARK on an
 * inbound connection): FreeSWITCH hands the whole channel data in the `connect` reply.
 * Control and events stay on the single inbound connection, so one code path serves calls that
 * arrived either way and calls adopted after a restart.
 *
 * The socket is kept open while the call is ours: closing it ends the socket application, and
 * the dialplan continues with `park` (see dialplan/freeswitch), so the call survives us.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/log.js';
import { EslParser, decodeHeaderValues, isConnectReply } from './esl-parser.js';

export interface OutboundArrival {
  /** Decoded channel data (`Unique-ID`, `Caller-*`, `variable_*`). */
  headers: Record<string, string>;
  /** Drop the socket (FreeSWITCH's dialplan then continues after the socket application). */
  release(): void;
}

export class EslOutboundListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly options: { host: string; port: number; logger: Logger },
    private readonly onArrival: (arrival: OutboundArrival) => void,
  ) {}

  async listen(): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : this.options.port;
    return { host: this.options.host, port };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let announced = false;
    const release = (): void => {
      if (!socket.destroyed) socket.end();
    };
    const parser = new EslParser((frame) => {
      if (!announced && isConnectReply(frame)) {
        announced = true;
        this.onArrival({ headers: decodeHeaderValues(frame.headers), release });
      } else if (frame.headers['Content-Type'] === 'text/disconnect-notice') {
        release();
      }
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch (err) {
        this.options.logger.warn({ err }, 'unreadable outbound event socket data');
        socket.destroy();
      }
    });
    socket.on('error', (err) => this.options.logger.debug({ err: err.message }, 'outbound event socket error'));
    socket.on('close', () => this.sockets.delete(socket));
    socket.write('connect\n\n');
  }
}
