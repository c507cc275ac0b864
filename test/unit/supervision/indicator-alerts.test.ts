/**
 * The pure alert evaluator (src/supervision/indicators.ts): a table of floor values and
 * thresholds against the alerts expected, per media; and the raised / cleared difference between
 * two evaluations that the floor watch publishes once per crossing.
 */
import { describe, expect, it } from 'vitest';
import { alertChanges, pastThresholds, zeroValues, type IndicatorValues, type PastThreshold, type Thresholds } from '../../../src/supervision/indicators.js';

const values = (v: Partial<IndicatorValues>): IndicatorValues => ({ ...zeroValues(), ...v });

describe('pastThresholds', () => {
  const table: { name: string; voice: Partial<IndicatorValues>; chat?: Partial<IndicatorValues>; thresholds: Thresholds; expected: [string, string, number, number][] }[] = [
    { name: 'no thresholds set', voice: { waiting: 50 }, thresholds: {}, expected: [] },
    { name: 'waiting above its voice threshold', voice: { waiting: 6 }, thresholds: { waiting: { voice: 5 } }, expected: [['waiting', 'voice', 6, 5]] },
    { name: 'waiting exactly at its threshold (not past it)', voice: { waiting: 5 }, thresholds: { waiting: { voice: 5 } }, expected: [] },
    { name: 'available below its threshold (low is bad)', voice: { available: 1 }, thresholds: { available: { voice: 2 } }, expected: [['available', 'voice', 1, 2]] },
    { name: 'available above its threshold', voice: { available: 3 }, thresholds: { available: { voice: 2 } }, expected: [] },
    { name: 'a null threshold never alerts', voice: { waiting: 99 }, thresholds: { waiting: { voice: null } }, expected: [] },
    { name: 'a threshold of zero alerts on the first one', voice: { notReady: 1 }, thresholds: { notReady: { voice: 0 } }, expected: [['notReady', 'voice', 1, 0]] },
    { name: 'chat counts against the chat threshold only', voice: { waiting: 1 }, chat: { waiting: 4 }, thresholds: { waiting: { voice: 3, chat: 3 } }, expected: [['waiting', 'chat', 4, 3]] },
    {
      name: 'several indicators, in catalogue order',
      voice: { longestWait: 120, waiting: 9, available: 0 },
      thresholds: { longestWait: { voice: 60 }, waiting: { voice: 5 }, available: { voice: 1 } },
      expected: [
        ['available', 'voice', 0, 1],
        ['waiting', 'voice', 9, 5],
        ['longestWait', 'voice', 120, 60],
      ],
    },
  ];
  for (const row of table) {
    it(`given ${row.name} when evaluated then ${row.expected.length === 0 ? 'nothing is past' : row.expected.map((e) => `${e[0]}/${e[1]}`).join(', ')}`, () => {
      const got = pastThresholds({ voice: values(row.voice), chat: values(row.chat ?? {}) }, row.thresholds);
      expect(got.map((a) => [a.indicator, a.media, a.value, a.threshold])).toEqual(row.expected);
    });
  }
});

describe('alertChanges', () => {
  const a = (indicator: PastThreshold['indicator'], media: PastThreshold['media'], value: number): PastThreshold => ({ indicator, media, value, threshold: 1 });

  it('given the same alerts with new values when compared then nothing is raised or cleared (a recount is not a crossing)', () => {
    expect(alertChanges([a('waiting', 'voice', 3)], [a('waiting', 'voice', 7)])).toEqual({ raised: [], cleared: [] });
  });

  it('given one alert that ends and another that starts when compared then one is cleared and one raised', () => {
    const got = alertChanges([a('waiting', 'voice', 3)], [a('waiting', 'chat', 2)]);
    expect(got.raised.map((x) => `${x.indicator}/${x.media}`)).toEqual(['waiting/chat']);
    expect(got.cleared.map((x) => `${x.indicator}/${x.media}`)).toEqual(['waiting/voice']);
  });
});
