/**
 * Part of the composition root (with src/main.ts): picks and builds the media-server adapter the
 * configuration names. Nothing else in the daemon knows which PBX is behind the port.
 */
import path from 'node:path';
import type { AppConfig } from '../config.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { MediaServer } from '../pbx/port.js';
import { AsteriskMediaServer } from '../pbx/asterisk/adapter.js';
import { FreeSwitchMediaServer } from '../pbx/freeswitch/freeswitch-media-server.js';
import { SimulatedMediaServer } from '../pbx/sim/simulated-media-server.js';
import { SimTraffic } from '../pbx/sim/sim-traffic.js';

/**
 * What only some media servers need from the daemon, so the rest of the wiring never asks which
 * server it has. A real server finds phones by their registrations and has real callers.
 */
export interface MediaServerExtras {
  /** A phone the daemon may ring: a simulated server has no registrations, so it is plugged in. */
  phoneSeen(name: string): void;
  /** Demo callers dialing these numbers, when the configuration asks for them (simulated server only). */
  demoTraffic(dids: string[]): { start(): void; stop(): void } | undefined;
}

const NO_EXTRAS: MediaServerExtras = { phoneSeen: () => undefined, demoTraffic: () => undefined };

/** The extras of the server `createMediaServer` built, or of one a test passes in. */
export function mediaServerExtras(pbx: MediaServer, config: AppConfig, clock: Clock, logger: Logger): MediaServerExtras {
  if (!(pbx instanceof SimulatedMediaServer)) return NO_EXTRAS;
  return {
    phoneSeen: (name) => pbx.control.addPhone(name),
    demoTraffic: (dids) => {
      if (config.pbx.kind !== 'sim' || config.pbx.trafficPerMinute <= 0) return undefined;
      return new SimTraffic(pbx, pbx.control, clock, {
        dids: dids.length > 0 ? dids : ['100'],
        callsPerMinute: config.pbx.trafficPerMinute,
        patienceMs: { min: 20_000, max: 120_000 },
        talkMs: { min: 30_000, max: 180_000 },
        logger: logger.child({ component: 'sim-traffic' }),
      });
    },
  };
}

export function createMediaServer(config: AppConfig, clock: Clock, logger: Logger, background?: BackgroundTasks): MediaServer {
  const pbx = config.pbx;
  const log = logger.child({ component: 'pbx', pbx: pbx.kind });
  switch (pbx.kind) {
    case 'asterisk':
      return new AsteriskMediaServer({
        ari: { url: pbx.ari.url, username: pbx.ari.user, password: pbx.ari.password, app: pbx.ari.app },
        ...(pbx.ami ? { ami: { host: pbx.ami.host, port: pbx.ami.port, username: pbx.ami.user, secret: pbx.ami.secret } } : {}),
        ...(pbx.trunk ? { defaultTrunk: pbx.trunk } : {}),
        clock,
        logger: log,
      });
    case 'freeswitch':
      return new FreeSwitchMediaServer({
        esl: { ...pbx.esl, format: 'json' },
        ...(pbx.outbound ? { outbound: pbx.outbound } : {}),
        dial: { phoneDialString: pbx.phoneDialString, defaultTrunk: pbx.trunk, sayLanguage: 'en' },
        recordingsDir: pbx.recordingsDir,
        sofiaProfile: pbx.sofiaProfile,
        domain: pbx.domain,
        clock,
        logger: log,
        ...(background ? { background } : {}),
      });
    case 'sim':
      // Phones are added as agents are configured or log in (mediaServerExtras.phoneSeen).
      return new SimulatedMediaServer({ clock, recordingsDir: path.resolve(config.recordingsDir), logger: log });
  }
}
