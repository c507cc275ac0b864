import { AppError } from '../core/errors.js';
import { FsFlowFiles } from '../ivr/files/fs-flow-files.js';
import { parseFlowSource } from '../ivr/loader.js';
import { formatProblem } from '../ivr/validator.js';

/** What the flow files name from the configuration, read with the daemon's own flow parser. */
export interface FlowNeeds {
  queues: string[];
  skills: string[];
  /** Each calendar with the time zone of the flows that ask for it. */
  calendars: { name: string; timeZone: string }[];
  /** Problems in files that could not be fully read: what those files name may be missing above. */
  warnings: string[];
}

/**
 * Reads every `*.yaml` in the flows folder and collects the queues (queue and callback nodes),
 * skills (queue nodes) and calendars (hours nodes) they refer to. Names that differ only in case
 * are one entry, as the configuration keeps them unique that way.
 */
export async function flowNeeds(dir: string): Promise<FlowNeeds> {
  const files = new FsFlowFiles(dir);
  const names = await files.list();
  if (names.length === 0) {
    throw new AppError('VALIDATION_FAILED', `No flow files (*.yaml) in ${files.dir}`, {
      problems: [{ where: files.dir, reason: 'has no flow files; set SWITCHBOARD_IVR_FLOWS_DIR to the ivr-flows folder' }],
    });
  }
  const queues = new Map<string, string>();
  const skills = new Map<string, string>();
  const calendars = new Map<string, { name: string; timeZone: string; flow: string }>();
  const warnings: string[] = [];
  const add = (into: Map<string, string>, name: string) => {
    const trimmed = name.trim();
    if (trimmed !== '' && !into.has(trimmed.toLowerCase())) into.set(trimmed.toLowerCase(), trimmed);
  };

  for (const name of names) {
    const source = await files.read(name);
    if (source === undefined) continue;
    const parsed = parseFlowSource(source, files.fileOf(name), name);
    warnings.push(...parsed.problems.map(formatProblem));
    const flow = parsed.flow;
    if (!flow) continue;
    for (const node of flow.nodes.values()) {
      if (node.kind === 'queue') {
        add(queues, node.queue);
        for (const s of node.skills) add(skills, s);
      } else if (node.kind === 'callback') {
        add(queues, node.queue);
      } else if (node.kind === 'hours' && node.calendar.trim() !== '') {
        const key = node.calendar.trim().toLowerCase();
        const seen = calendars.get(key);
        if (!seen) calendars.set(key, { name: node.calendar.trim(), timeZone: flow.timezone, flow: name });
        else if (seen.timeZone !== flow.timezone) {
          // One calendar cannot follow two zones; guessing would open the line at the wrong hours.
          throw new AppError('VALIDATION_FAILED', `Calendar "${seen.name}" is used by flows in different time zones`, {
            problems: [
              { where: files.fileOf(seen.flow), reason: `timezone ${seen.timeZone}` },
              { where: files.fileOf(name), reason: `timezone ${flow.timezone}` },
            ],
          });
        }
      }
    }
  }
  return {
    queues: [...queues.values()],
    skills: [...skills.values()],
    calendars: [...calendars.values()].map(({ name, timeZone }) => ({ name, timeZone })),
    warnings,
  };
}

/** JSON with object keys sorted, so two values compare by content whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** `field is X, the demo wants Y` for every field of `want` that `have` holds differently. */
export function differences(have: Record<string, unknown>, want: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, wanted] of Object.entries(want)) {
    const stored = stableJson(have[key]);
    if (stored !== stableJson(wanted)) out.push(`${key} is ${stored}, the demo wants ${stableJson(wanted)}`);
  }
  return out;
}
