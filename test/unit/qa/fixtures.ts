import type { ScorecardInput } from '../../../src/qa/scorecard.js';

/** A call scorecard: greeting (yes/no, 20), solution (scale 1-5, 50), closing (yes/no, 30), identity check (critical). */
export function callCard(): ScorecardInput {
  return {
    name: 'Call quality',
    media: ['call', 'chat'],
    sections: [
      {
        id: 'opening',
        title: 'Opening',
        items: [
          { id: 'greeting', label: 'Greets with name and company', kind: 'yes_no', weight: 20 },
          { id: 'identity', label: 'Verifies the caller', kind: 'critical', weight: 0 },
        ],
      },
      {
        id: 'handling',
        title: 'Handling',
        items: [
          { id: 'solution', label: 'Solves the request', kind: 'scale', weight: 50, scaleMax: 5 },
          { id: 'closing', label: 'Offers more help', kind: 'yes_no', weight: 30 },
        ],
      },
    ],
  };
}
