import { createHash } from 'node:crypto';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError, isAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { FlowProblem } from './flow.js';
import { problemAt } from './problem-codes.js';
import type { FlowFiles, FlowState, FlowVersionStore, IvrReferenceLookup } from './ports.js';
import type { FlowSnapshot, LoadedFlow } from './runner.js';
import { formatProblem, validateFlowSource, type ValidatedFlow, type ValidationEnv } from './validator.js';

export interface FlowRegistryDeps {
  files: FlowFiles;
  versions: FlowVersionStore;
  references: IvrReferenceLookup;
  clock: Clock;
  events: EventBus;
  log: Logger;
  /** Quiet time after a file event before reading it (editors write in several steps). */
  settleMs?: number;
}

/**
 * The running version of every flow. A file that changes is read and validated; only a valid one
 * replaces the running version (and is stored as a new version); a broken one is reported
 * (`ivr.flow_rejected`, `states()`) and the last good version keeps serving new calls. Calls in
 * progress hold their own snapshot and never see a change.
 */
export class FlowRegistry {
  private running = new Map<string, LoadedFlow>();
  private readonly state = new Map<string, FlowState>();
  private readonly timers = new Map<string, TimerHandle>();
  private chain: Promise<unknown> = Promise.resolve();
  private stopWatching: (() => void) | undefined;

  constructor(private readonly deps: FlowRegistryDeps) {}

  /** Load every file; a broken file falls back to its last stored good version. */
  async loadAll(): Promise<void> {
    for (const name of await this.deps.files.list()) await this.serial(() => this.reloadNow(name, null, true));
  }

  /** Watch the folder: saved files take effect for new calls after `settleMs`. */
  watch(): void {
    try {
      this.stopWatching ??= this.deps.files.watch((name) => {
        this.deps.clock.clearTimeout(this.timers.get(name));
        this.timers.set(
          name,
          this.deps.clock.setTimeout(() => {
            this.timers.delete(name);
            this.serial(() => this.reloadNow(name, null, false)).catch((err: unknown) =>
              this.deps.log.error({ err: String(err), flow: name }, 'IVR flow reload failed'),
            );
          }, this.deps.settleMs ?? 300),
        );
      }, (err) => {
        this.stopWatching = undefined;
        this.deps.log.error({ err, dir: this.deps.files.dir }, 'the IVR flow folder stopped being watched: file changes are no longer picked up');
      });
    } catch (err) {
      // The daemon still serves the flows it loaded; edits to the files need a restart (or the API).
      this.deps.log.warn({ err, dir: this.deps.files.dir }, 'the IVR flow folder cannot be watched: file changes are not picked up');
    }
  }

  close(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    for (const t of this.timers.values()) this.deps.clock.clearTimeout(t);
    this.timers.clear();
  }

  snapshot(): FlowSnapshot {
    return new Map(this.running);
  }

  /** The flow that answers a dialed number, or `fallback` (usually "main") when none claims it. */
  flowForNumber(dialed: string, fallback = 'main'): string | undefined {
    for (const l of this.running.values()) if (l.flow.numbers.includes(dialed)) return l.flow.name;
    return this.running.has(fallback) ? fallback : undefined;
  }

  states(): FlowState[] {
    return [...this.state.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  stateOf(name: string): FlowState | undefined {
    return this.state.get(name);
  }

  runningVersion(name: string): LoadedFlow | undefined {
    return this.running.get(name);
  }

  /** The file's text as it is on disk now. */
  source(name: string): Promise<string | undefined> {
    return this.deps.files.read(name);
  }

  /** Re-read one file now (the watcher does this by itself). */
  reload(name: string): Promise<FlowState> {
    return this.serial(() => this.reloadNow(name, null, false));
  }

  /** Validate a text as if it were the file `name`, without storing or writing anything. */
  async validate(name: string, source: string): Promise<ValidatedFlow> {
    return validateFlowSource(source, this.deps.files.fileOf(name), name, await this.env(name));
  }

  /**
   * An admin's save: the same validation as a file change; a broken text is refused with its
   * problems (IVR_FLOW_INVALID) and nothing is written or stored.
   */
  save(name: string, source: string, by: string): Promise<FlowState> {
    return this.serial(async () => {
      const checked = await this.validate(name, source);
      if (!checked.flow || checked.problems.length > 0) {
        throw new AppError('IVR_FLOW_INVALID', `${name}: ${checked.problems.length} problem(s)`, { problems: checked.problems });
      }
      await this.deps.files.write(name, source);
      return this.accept(name, source, checked, by);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    // The caller of `run` gets its failure; the chain only orders the next change after it.
    // eslint-disable-next-line no-restricted-syntax -- the failure is the caller's, via `run`
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async env(self: string): Promise<ValidationEnv> {
    const names = new Set(await this.deps.files.list());
    names.add(self);
    return {
      references: this.deps.references,
      fileExists: (p) => this.deps.files.fileExists(p),
      flowExists: (n) => names.has(n),
      // Against the running flows: the one that claimed a number first keeps it.
      numberClaimedBy: (dialed, me) => [...this.running.values()].find((l) => l.flow.name !== me && l.flow.numbers.includes(dialed))?.flow.name,
    };
  }

  private async reloadNow(name: string, by: string | null, atStartup: boolean): Promise<FlowState> {
    let source: string | undefined;
    try {
      source = await this.deps.files.read(name);
    } catch (err) {
      if (!isAppError(err, 'IVR_FLOW_FILE_REFUSED')) throw err;
      if (atStartup && !this.running.has(name)) await this.fallBackToStored(name);
      return this.reject(name, [problemAt(this.deps.files.fileOf(name), { line: 1, col: 1 }, 'IVR_FILE_REFUSED', { message: err.message })]);
    }
    if (source === undefined) {
      this.running.delete(name);
      this.state.delete(name);
      this.deps.log.info({ flow: name }, 'IVR flow file removed');
      return { name, file: this.deps.files.fileOf(name), version: null, loadedAt: null, problems: [] };
    }
    const checked = await this.validate(name, source);
    if (checked.flow && checked.problems.length === 0) return this.accept(name, source, checked, by);
    if (atStartup && !this.running.has(name)) await this.fallBackToStored(name);
    return this.reject(name, checked.problems);
  }

  private async accept(name: string, source: string, checked: ValidatedFlow, by: string | null): Promise<FlowState> {
    const flow = checked.flow;
    if (!flow) throw new Error('accept without a flow');
    const hash = hashOf(source);
    const current = this.running.get(name);
    let version = current?.version ?? 0;
    if (current?.hash !== hash) {
      const at = this.deps.clock.now();
      version = await this.deps.versions.recordVersion({ flow: name, hash, source, file: flow.file, changedAt: at, changedBy: by });
      this.running.set(name, { flow, version, hash, loadedAt: at });
      this.deps.events.publish({ type: 'ivr.flow_loaded', at, scope: { adminOnly: true }, flow: name, version });
      this.deps.log.info({ flow: name, version }, 'IVR flow loaded');
    }
    const loaded = this.running.get(name) as LoadedFlow;
    const st: FlowState = { name, file: flow.file, version: loaded.version, loadedAt: loaded.loadedAt, problems: [] };
    this.state.set(name, st);
    return st;
  }

  private reject(name: string, problems: FlowProblem[]): FlowState {
    const file = this.deps.files.fileOf(name);
    const running = this.running.get(name);
    const st: FlowState = { name, file, version: running?.version ?? null, loadedAt: running?.loadedAt ?? null, problems };
    this.state.set(name, st);
    this.deps.events.publish({
      type: 'ivr.flow_rejected',
      at: this.deps.clock.now(),
      scope: { adminOnly: true },
      flow: name,
      file,
      problems: problems.map((p) => ({ where: `${p.file}:${p.line}:${p.col}`, reason: p.reason })),
    });
    // Say exactly what serves: "the last good version" misleads when there never was one.
    const fields = { flow: name, problems: problems.map(formatProblem), servingVersion: running?.version ?? null };
    if (running) this.deps.log.warn(fields, `IVR flow rejected; version ${running.version} keeps serving new calls`);
    else this.deps.log.error(fields, 'IVR flow rejected; no version of it serves: calls it would answer go to the safe destination');
    return st;
  }

  private async fallBackToStored(name: string): Promise<void> {
    const latest = (await this.deps.versions.listVersions(name))[0];
    if (!latest) return;
    const stored = await this.deps.versions.getVersion(name, latest.version);
    if (!stored) return;
    const checked = await this.validate(name, stored.source);
    if (!checked.flow || checked.problems.length > 0) return;
    this.running.set(name, { flow: checked.flow, version: stored.version, hash: stored.hash, loadedAt: this.deps.clock.now() });
  }
}

export function hashOf(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}
