/**
 * The typed client of the IVR routes (src/api/http/ivr/ivr-routes.ts), typed from the schemas the
 * daemon answers with: the flows page (/app/ivr) and its abandon chart.
 */
import type { FromSchema } from './schema-type.js';
import type { abandonPointsSchema, checkResultSchema, flowListSchema, flowViewSchema, versionListSchema, versionSchema } from '../../api/http/ivr/ivr-schemas.js';
import { request } from './http.js';

export type FlowState = FromSchema<typeof flowListSchema>['flows'][number];
export type FlowView = FromSchema<typeof flowViewSchema>;
export type FlowGraph = NonNullable<FlowView['graph']>;
export type FlowProblem = FlowView['problems'][number];
export type CheckResult = FromSchema<typeof checkResultSchema>;
export type FlowVersion = FromSchema<typeof versionSchema>;
export type AbandonPoint = FromSchema<typeof abandonPointsSchema>['points'][number];

const enc = encodeURIComponent;
const flowPath = (name: string) => `/api/ivr/flows/${enc(name)}`;

export const ivrApi = {
  /** config.view. */
  flows: () => request<FromSchema<typeof flowListSchema>>('GET', '/api/ivr/flows'),
  /** 404 IVR_FLOW_NOT_FOUND; 422 IVR_FLOW_FILE_REFUSED for a file that is a link. */
  flow: (name: string) => request<FlowView>('GET', flowPath(name)),
  /** ivr.edit: validates without saving. */
  check: (name: string, source: string) => request<CheckResult>('POST', `${flowPath(name)}/check`, { source }),
  /** ivr.edit: refused with 422 IVR_FLOW_INVALID and details.problems when the text does not validate. */
  save: (name: string, source: string) => request<FlowState>('PUT', flowPath(name), { source }),
  versions: (name: string) => request<FromSchema<typeof versionListSchema>>('GET', `${flowPath(name)}/versions`),
  version: (name: string, version: number) => request<FlowVersion>('GET', `${flowPath(name)}/versions/${version}`),
  /** records.view: callers who hung up in the IVR, per node, between two instants. */
  abandonPoints: (from: number, to: number, flow: string) =>
    request<FromSchema<typeof abandonPointsSchema>>('GET', `/api/ivr/reports/abandon-points?${new URLSearchParams({ from: String(from), to: String(to), flow }).toString()}`),
};

/** The problems a refused save names (details.problems of IVR_FLOW_INVALID), or none. */
export function refusedProblems(details: unknown): FlowProblem[] {
  const list = (details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is FlowProblem => typeof p === 'object' && p !== null && typeof (p as FlowProblem).line === 'number' && typeof (p as FlowProblem).col === 'number' && typeof (p as FlowProblem).reason === 'string');
}
