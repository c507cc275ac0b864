/**
 * A small Prometheus registry of our own: counters, gauges and histograms with labels, rendered
 * in the text exposition format (version 0.0.4). Metric and label names are checked when a
 * metric is created so a typo fails at start, not at scrape.
 */
type Labels = Record<string, string>;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME.test(name)) throw new Error(`Invalid metric name ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === 'le') throw new Error(`Invalid label name ${l} on ${name}`);
  }
  protected key(labels: Labels | undefined): { key: string; values: string[] } {
    const given = Object.keys(labels ?? {});
    for (const l of given) if (!this.labelNames.includes(l)) throw new Error(`Unknown label ${l} on ${this.name}`);
    const values = this.labelNames.map((n) => labels?.[n] ?? '');
    return { key: JSON.stringify(values), values };
  }
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  abstract render(): string[];
}

export class Counter extends Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, { labels: string[]; value: number }>();
  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error(`Counter ${this.name} cannot decrease`);
    const { key, values } = this.key(labels);
    const cur = this.values.get(key) ?? { labels: values, value: 0 };
    cur.value += by;
    this.values.set(key, cur);
  }
  get(labels?: Labels): number {
    return this.values.get(this.key(labels).key)?.value ?? 0;
  }
  render(): string[] {
    if (this.values.size === 0 && this.labelNames.length === 0) return [`${this.name} 0`];
    return [...this.values.values()].map((s) => `${this.name}${labelText(this.labelNames, s.labels)} ${formatNumber(s.value)}`);
  }
}

export class Gauge extends Metric {
  readonly type = 'gauge';
  private readonly values = new Map<string, { labels: string[]; value: number }>();
  private collector?: (set: (value: number, labels?: Labels) => void) => void;
  set(value: number, labels?: Labels): void {
    const { key, values } = this.key(labels);
    this.values.set(key, { labels: values, value });
  }
  inc(labels?: Labels, by = 1): void {
    const { key, values } = this.key(labels);
    const cur = this.values.get(key) ?? { labels: values, value: 0 };
    cur.value += by;
    this.values.set(key, cur);
  }
  dec(labels?: Labels, by = 1): void {
    this.inc(labels, -by);
  }
  get(labels?: Labels): number {
    return this.values.get(this.key(labels).key)?.value ?? 0;
  }
  /** Computed at scrape time (queue lengths, open sockets) instead of kept up to date. */
  collect(fn: (set: (value: number, labels?: Labels) => void) => void): this {
    this.collector = fn;
    return this;
  }
  render(): string[] {
    if (this.collector) {
      this.values.clear();
      this.collector((v, l) => this.set(v, l));
    }
    if (this.values.size === 0 && this.labelNames.length === 0) return [`${this.name} 0`];
    return [...this.values.values()].map((s) => `${this.name}${labelText(this.labelNames, s.labels)} ${formatNumber(s.value)}`);
  }
}

export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram extends Metric {
  readonly type = 'histogram';
  private readonly data = new Map<string, { labels: string[]; counts: number[]; sum: number; count: number }>();
  readonly buckets: readonly number[];
  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[] = DEFAULT_BUCKETS) {
    super(name, help, labelNames);
    const sorted = [...buckets].sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((b, i) => i > 0 && b === sorted[i - 1])) throw new Error(`Histogram ${name} needs distinct buckets`);
    this.buckets = sorted;
  }
  observe(value: number, labels?: Labels): void {
    const { key, values } = this.key(labels);
    let d = this.data.get(key);
    if (!d) this.data.set(key, (d = { labels: values, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => {
      if (value <= b) d.counts[i] = (d.counts[i] ?? 0) + 1;
    });
    d.sum += value;
    d.count += 1;
  }
  render(): string[] {
    const out: string[] = [];
    for (const d of this.data.values()) {
      this.buckets.forEach((b, i) => {
        out.push(`${this.name}_bucket${labelText(this.labelNames, d.labels, ['le', formatNumber(b)])} ${d.counts[i] ?? 0}`);
      });
      out.push(`${this.name}_bucket${labelText(this.labelNames, d.labels, ['le', '+Inf'])} ${d.count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, d.labels)} ${formatNumber(d.sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, d.labels)} ${d.count}`);
    }
    return out;
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** The text exposition format. */
  render(): string {
    const lines: string[] = [];
    for (const m of this.metrics.values()) {
      lines.push(`# HELP ${m.name} ${escapeHelp(m.help)}`, `# TYPE ${m.name} ${m.type}`, ...m.render());
    }
    return `${lines.join('\n')}\n`;
  }

  private add<M extends Metric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new Error(`Metric ${metric.name} is registered twice`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
