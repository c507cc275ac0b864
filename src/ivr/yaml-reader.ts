import { isMap, isScalar, isSeq, type LineCounter, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { FlowProblem, Pos } from './flow.js';
import { problemAt, type IvrProblemCode, type ProblemParams, type WherePath } from './problem-codes.js';

/**
 * Reads typed fields out of a YAML map while remembering where each came from, so that every
 * problem can name file, line and column. Readers never throw: they report and return a fallback.
 */
export class YamlReader {
  readonly problems: FlowProblem[] = [];

  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  posOf(node: YamlNode | null | undefined, fallback?: Pos): Pos {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback ?? { line: 1, col: 1 };
    const p = this.lines.linePos(offset);
    return { line: Math.max(1, p.line), col: Math.max(1, p.col) };
  }

  report(pos: Pos, code: IvrProblemCode, params: ProblemParams = {}): void {
    this.problems.push(problemAt(this.file, pos, code, params));
  }
}

/** One YAML mapping with field access that reports wrong types and unknown keys. */
export class MapView {
  private readonly used = new Set<string>();

  constructor(
    readonly r: YamlReader,
    readonly map: YAMLMap,
    /** Where this mapping is, as a path: `{ where: v.at }` in a problem's params. */
    readonly at: WherePath,
  ) {}

  static of(r: YamlReader, node: unknown, at: WherePath, pos: Pos): MapView | undefined {
    if (!isMap(node)) {
      r.report(pos, 'IVR_NOT_A_MAPPING', { where: at });
      return undefined;
    }
    return new MapView(r, node, at);
  }


  get pos(): Pos {
    return this.r.posOf(this.map);
  }

  keys(): string[] {
    return this.map.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
  }

  node(key: string): YamlNode | undefined {
    this.used.add(key);
    const pair = this.map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    return (pair?.value ?? undefined) as YamlNode | undefined;
  }

  has(key: string): boolean {
    return this.map.items.some((p) => isScalar(p.key) && String(p.key.value) === key);
  }

  keyPos(key: string): Pos {
    const pair = this.map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    return this.r.posOf(pair?.key as YamlNode | undefined, this.pos);
  }

  valuePos(key: string): Pos {
    const n = this.node(key);
    return n ? this.r.posOf(n, this.keyPos(key)) : this.pos;
  }

  string(key: string, required: true): string | undefined;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const n = this.node(key);
    if (n === undefined || (isScalar(n) && n.value === null)) {
      if (required) this.r.report(this.pos, 'IVR_MISSING_FIELD', { where: this.at, field: key });
      return undefined;
    }
    if (!isScalar(n) || (typeof n.value !== 'string' && typeof n.value !== 'number')) {
      this.r.report(this.r.posOf(n), 'IVR_NOT_TEXT', { where: this.at, field: key });
      return undefined;
    }
    return String(n.value);
  }

  number(key: string, fallback: number, opts: { min?: number; max?: number; integer?: boolean } = {}): number {
    const n = this.node(key);
    if (n === undefined) return fallback;
    const v = isScalar(n) ? n.value : undefined;
    if (typeof v !== 'number' || Number.isNaN(v) || (opts.integer && !Number.isInteger(v))) {
      this.r.report(this.r.posOf(n), opts.integer ? 'IVR_NOT_A_WHOLE_NUMBER' : 'IVR_NOT_A_NUMBER', { where: this.at, field: key });
      return fallback;
    }
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      this.r.report(this.r.posOf(n), 'IVR_OUT_OF_RANGE', { where: this.at, field: key, min: opts.min ?? '-', max: opts.max ?? '-' });
      return fallback;
    }
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const n = this.node(key);
    if (n === undefined) return fallback;
    if (!isScalar(n) || typeof n.value !== 'boolean') {
      this.r.report(this.r.posOf(n), 'IVR_NOT_TRUE_OR_FALSE', { where: this.at, field: key });
      return fallback;
    }
    return n.value;
  }

  /**
   * A duration: a number of milliseconds, or text like `5s`, `500ms`, `2m`. `maxMs` is the most
   * the media step taking it accepts: a longer one is refused here, when the flow is loaded, not
   * when a caller reaches the node.
   */
  duration(key: string, fallbackMs: number, maxMs?: number): number {
    const n = this.node(key);
    if (n === undefined) return fallbackMs;
    const v = isScalar(n) ? n.value : undefined;
    const ms = parseDuration(v);
    if (ms === undefined) {
      this.r.report(this.r.posOf(n), 'IVR_NOT_A_DURATION', { where: this.at, field: key });
      return fallbackMs;
    }
    if (maxMs !== undefined && ms > maxMs) {
      this.r.report(this.r.posOf(n), 'IVR_DURATION_TOO_LONG', { where: this.at, field: key, maxSeconds: maxMs / 1000 });
      return fallbackMs;
    }
    return ms;
  }

  stringList(key: string): string[] {
    const n = this.node(key);
    if (n === undefined) return [];
    if (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number')) return [String(n.value)];
    if (!isSeq(n) || !n.items.every((i) => isScalar(i) && (typeof i.value === 'string' || typeof i.value === 'number'))) {
      this.r.report(this.r.posOf(n), 'IVR_NOT_A_TEXT_LIST', { where: this.at, field: key });
      return [];
    }
    return n.items.map((i) => String((i as { value: unknown }).value));
  }

  /** Where each item of a list of texts stands (one position for a single text), for problems about one item. */
  stringListPositions(key: string): Pos[] {
    const n = this.node(key);
    if (n === undefined) return [];
    if (isSeq(n)) return n.items.map((i) => this.r.posOf(i as YamlNode, this.valuePos(key)));
    return [this.valuePos(key)];
  }

  /** Mark keys as known without reading them (already read through another view). */
  markKnown(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Report keys nobody asked for: almost always a typo the admin wants to hear about. */
  rejectUnknown(): void {
    for (const p of this.map.items) {
      const k = isScalar(p.key) ? String(p.key.value) : '';
      if (!this.used.has(k)) this.r.report(this.r.posOf(p.key as YamlNode), 'IVR_UNKNOWN_FIELD', { where: this.at, field: k });
    }
  }
}

export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000;
  return Math.round(n * unit);
}
