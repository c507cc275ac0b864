import { basename, dirname, resolve } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import { FsFlowFiles } from './files/fs-flow-files.js';
import type { FlowProblem } from './flow.js';
import { parseFlowSource } from './loader.js';
import type { IvrReferenceLookup } from './ports.js';
import { formatProblem, validateFlowSource } from './validator.js';

export interface IvrCheckDeps {
  /** Checks queue and calendar names; without it those two checks are skipped (and said so). */
  references?: IvrReferenceLookup;
  /** The flows folder when no file is named; IVR_FLOWS_DIR or ./ivr-flows by default. */
  flowsDir?: string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const anyName: IvrReferenceLookup = { queueExists: async () => true, calendarExists: async () => true };

/**
 * `switchboard ivr check [file...]`: validates flow files the way the daemon does and prints each
 * problem as `file:line:col: reason`. Exit code 0 when every file is valid, 1 when any has a
 * problem, 2 for usage errors.
 */
export async function runIvrCheck(args: string[], deps: IvrCheckDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = deps.err ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (args.includes('--help') || args.includes('-h')) {
    out('usage: switchboard ivr check [file.yaml | folder ...]   (default: every flow in IVR_FLOWS_DIR or ./ivr-flows)');
    return 0;
  }
  const unknownFlag = args.find((a) => a.startsWith('-'));
  if (unknownFlag) {
    err(`unknown option ${unknownFlag}`);
    return 2;
  }
  const targets: { dir: string; name: string; file: string }[] = [];
  if (args.length === 0) {
    const files = new FsFlowFiles(deps.flowsDir ?? process.env['IVR_FLOWS_DIR'] ?? 'ivr-flows');
    for (const name of await files.list()) targets.push({ dir: files.dir, name, file: files.fileOf(name) });
    if (targets.length === 0) {
      err(`no flow files (*.yaml) in ${files.dir}`);
      return 2;
    }
  } else {
    for (const a of args) {
      const file = resolve(a);
      // A folder (`ivr check ivr-flows`) means every flow file in it.
      if (await isDirectory(file)) {
        const files = new FsFlowFiles(file);
        const names = await files.list();
        if (names.length === 0) {
          err(`no flow files (*.yaml) in ${file}`);
          return 2;
        }
        for (const name of names) targets.push({ dir: files.dir, name, file: files.fileOf(name) });
        continue;
      }
      if (!file.endsWith('.yaml')) {
        err(`${a}: flow files end in .yaml`);
        return 2;
      }
      targets.push({ dir: dirname(file), name: basename(file, '.yaml'), file });
    }
  }
  if (!deps.references) out('note: queue and calendar names are not checked (no configuration store given)');

  let bad = 0;
  for (const t of targets) {
    const files = new FsFlowFiles(t.dir);
    const names = new Set(await files.list());
    const claims = await numberClaims(files, [...names]);
    let source: string;
    try {
      source = await readFile(t.file, 'utf8');
    } catch {
      err(`${t.file}: cannot read the file`);
      bad++;
      continue;
    }
    const { problems } = await validateFlowSource(source, t.file, t.name, {
      references: deps.references ?? anyName,
      fileExists: (p) => files.fileExists(p),
      flowExists: (n) => names.has(n),
      numberClaimedBy: (dialed, me) => {
        const first = claims.get(dialed);
        return first !== undefined && first !== me ? first : undefined;
      },
    });
    report(problems, out);
    if (problems.length > 0) bad++;
    else out(`${t.file}: ok`);
  }
  return bad > 0 ? 1 : 0;
}

/**
 * Which flow answers each dialed number: the daemon loads flows in name order and the first to
 * claim a number keeps it, so later files claiming it again are the ones in error.
 */
async function numberClaims(files: FsFlowFiles, names: string[]): Promise<Map<string, string>> {
  const claims = new Map<string, string>();
  for (const name of [...names].sort()) {
    let source: string | undefined;
    try {
      source = await files.read(name);
    } catch {
      // A flow that cannot be read (a link, no permission) claims no number; checking that file
      // itself reports why.
      continue;
    }
    if (source === undefined) continue;
    for (const dialed of parseFlowSource(source, files.fileOf(name), name).flow?.numbers ?? []) if (!claims.has(dialed)) claims.set(dialed, name);
  }
  return claims;
}

function report(problems: FlowProblem[], out: (l: string) => void): void {
  for (const p of problems) out(formatProblem(p));
}

/** A folder to check every flow in. A path that is not there is not a folder: reading it as a file then says so. */
async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
