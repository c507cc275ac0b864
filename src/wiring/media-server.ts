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
      // Phones are added as agents are configured or log in (see contact-center.ts).
      return new SimulatedMediaServer({ clock, recordingsDir: path.resolve(config.recordingsDir), logger: log });
  }
}
