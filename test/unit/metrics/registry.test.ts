import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../../src/metrics/registry.js';

describe('MetricsRegistry', () => {
  it('given counters, gauges and a histogram then the text format has HELP, TYPE, labels and cumulative buckets', () => {
    const r = new MetricsRegistry();
    const c = r.counter('calls_total', 'Calls', ['queue']);
    c.inc({ queue: 'sales' });
    c.inc({ queue: 'sales' }, 2);
    c.inc({ queue: 'a"b\\c\nd' });
    r.gauge('agents_ready', 'Ready agents').set(4);
    r.gauge('queue_len', 'Waiting', ['queue']).collect((set) => set(7, { queue: 'support' }));
    const h = r.histogram('wait_seconds', 'Wait', [], [1, 5]);
    h.observe(0.5);
    h.observe(3);
    h.observe(10);
    expect(r.render()).toBe(
      [
        '# HELP calls_total Calls',
        '# TYPE calls_total counter',
        'calls_total{queue="sales"} 3',
        'calls_total{queue="a\\"b\\\\c\\nd"} 1',
        '# HELP agents_ready Ready agents',
        '# TYPE agents_ready gauge',
        'agents_ready 4',
        '# HELP queue_len Waiting',
        '# TYPE queue_len gauge',
        'queue_len{queue="support"} 7',
        '# HELP wait_seconds Wait',
        '# TYPE wait_seconds histogram',
        'wait_seconds_bucket{le="1"} 1',
        'wait_seconds_bucket{le="5"} 2',
        'wait_seconds_bucket{le="+Inf"} 3',
        'wait_seconds_sum 13.5',
        'wait_seconds_count 3',
        '',
      ].join('\n'),
    );
  });

  it('given a bad name, an unknown label, a duplicate or a decreasing counter then it throws', () => {
    const r = new MetricsRegistry();
    expect(() => r.counter('bad-name', 'x')).toThrow(/Invalid metric name/);
    const c = r.counter('ok_total', 'x', ['a']);
    expect(() => c.inc({ b: '1' })).toThrow(/Unknown label/);
    expect(() => r.counter('ok_total', 'x')).toThrow(/twice/);
    expect(() => c.inc({ a: '1' }, -1)).toThrow(/cannot decrease/);
  });
});
