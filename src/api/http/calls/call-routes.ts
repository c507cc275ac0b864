/**
 * Call routes: the agent's toolbar controls (agent.self), supervisor actions (supervise.*) and
 * stored call records (records.view / records.delete).
 */
import type { FastifyInstance } from 'fastify';
import { registerAgentCallRoutes } from './agent-call-routes.js';
import { registerCallRecordExportRoutes } from './call-record-export-routes.js';
import { registerCallRecordRoutes } from './call-record-routes.js';
import type { CallRouteDeps } from './call-route-deps.js';
import { registerSupervisorCallRoutes } from './supervisor-call-routes.js';

export type { CallRouteDeps } from './call-route-deps.js';

export async function registerCallRoutes(app: FastifyInstance, deps: CallRouteDeps): Promise<void> {
  await registerAgentCallRoutes(app, deps);
  await registerSupervisorCallRoutes(app, deps);
  await registerCallRecordRoutes(app, deps);
  await registerCallRecordExportRoutes(app, deps);
}
