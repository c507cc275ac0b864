import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { cmdConfigCheck, cmdCreateAdmin, cmdMigrate, cmdResetPassword, cmdStart, reportError } from './commands.js';
import { processIo, type CliIo } from './io.js';
import { cmdSeedDemo } from './seed-demo.js';

/**
 * `switchboard <command>`:
 *   start                                       run the daemon (config from env / SWITCHBOARD_CONFIG)
 *   migrate                                     apply pending database migrations and exit
 *   create-admin <username> [--password-stdin]  create an admin user; password generated unless piped in
 *   reset-password <username> [--password-stdin]
 *   config check                                validate the configuration and print it (secrets masked)
 *   seed-demo                                   create what the example IVR flows need, plus demo agents
 *   ivr check [file]                            validate IVR flow files (provided by src/ivr/cli.ts)
 * Exit codes: 0 done, 1 failed (the reason is on stderr), 2 usage error.
 */
export const USAGE = [
  'Usage: switchboard <command>',
  '  start                                         start the daemon',
  '  migrate                                       apply database migrations',
  '  create-admin <username> [--password-stdin]    create an admin user',
  '  reset-password <username> [--password-stdin]  set a new password',
  '  config check                                  validate the configuration',
  '  seed-demo                                     create the demo configuration the example flows need',
  '  ivr check [file]                              validate IVR flow files',
].join('\n');

type IvrCli = { runIvrCheck(args: string[]): Promise<number> };

export interface CliOptions {
  /** Loads the IVR command module (tests replace it). */
  loadIvrCli?: () => Promise<IvrCli>;
  /** Whether `start` installs SIGINT/SIGTERM handlers (tests say no). */
  handleSignals?: boolean;
  /** Receives the running daemon of `start` (tests close it). */
  onStarted?: (daemon: Awaited<ReturnType<typeof cmdStart>>) => void;
}

// A variable specifier keeps TypeScript and bundlers from requiring the module to exist.
const IVR_CLI_MODULE = '../ivr/cli.js';
const defaultLoadIvrCli = () => import(IVR_CLI_MODULE) as Promise<IvrCli>;

export async function runCli(argv: string[], io: CliIo, options: CliOptions = {}): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const args = argv.filter((a) => !a.startsWith('--'));
  const [command, ...rest] = args;
  if (!command || flags.has('--help') || command === 'help') {
    io.out(USAGE);
    return command || flags.has('--help') ? 0 : 2;
  }
  const usage = (message: string) => {
    io.err(message);
    io.err(USAGE);
    return 2;
  };
  const known = new Set(['--password-stdin', '--help']);
  for (const f of flags) if (!known.has(f)) return usage(`Unknown option ${f}`);
  try {
    switch (command) {
      case 'start': {
        const daemon = await cmdStart(io, options.handleSignals ?? true);
        options.onStarted?.(daemon);
        return 0;
      }
      case 'migrate':
        return await cmdMigrate(io);
      case 'create-admin':
        if (rest.length !== 1) return usage('create-admin needs exactly one <username>');
        return await cmdCreateAdmin(io, rest[0] as string, flags);
      case 'reset-password':
        if (rest.length !== 1) return usage('reset-password needs exactly one <username>');
        return await cmdResetPassword(io, rest[0] as string, flags);
      case 'seed-demo':
        if (rest.length !== 0) return usage('seed-demo takes no arguments');
        return await cmdSeedDemo(io);
      case 'config':
        if (rest[0] !== 'check' || rest.length !== 1) return usage('Did you mean `switchboard config check`?');
        return cmdConfigCheck(io);
      case 'ivr': {
        if (rest[0] !== 'check') return usage('Did you mean `switchboard ivr check [file]`?');
        let mod: IvrCli;
        try {
          mod = await (options.loadIvrCli ?? defaultLoadIvrCli)();
        } catch (err) {
          io.err(`error: the IVR checker is not available in this build (${err instanceof Error ? err.message : String(err)})`);
          return 1;
        }
        if (typeof mod.runIvrCheck !== 'function') {
          io.err('error: the IVR checker is not available in this build (src/ivr/cli.ts exports no runIvrCheck)');
          return 1;
        }
        return await mod.runIvrCheck(rest.slice(1));
      }
      default:
        return usage(`Unknown command ${command}`);
    }
  } catch (err) {
    return reportError(io, err);
  }
}

/** Entry used by src/build/switchboard.js and `node dist/src/cli/main.js`. */
export async function runFromProcess(): Promise<void> {
  const code = await runCli(process.argv.slice(2), processIo);
  // `start` keeps running on its server; everything else ends with its code.
  process.exitCode = code;
}

function isDirectRun(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isDirectRun()) void runFromProcess();
