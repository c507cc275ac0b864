import type { FastifyInstance } from 'fastify';
import { calendarStatus } from '../../../calendars/business-hours.js';
import type { Clock } from '../../../core/clock.js';
import { CUSTOMER_LEVELS, MEDIA } from '../../../core/vocabulary.js';
import type { DirectoryService } from '../../../directory/directory-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { idString, searchText } from './common-schemas.js';
import { requireUnused, type ConfigUsers } from './config-in-use.js';
import { registerCrudRoutes } from './crud-routes.js';
import {
  agentInput,
  agentView,
  breakReasonInput,
  breakReasonView,
  calendarInput,
  calendarStatusView,
  calendarView,
  customerInput,
  customerView,
  dispositionInput,
  dispositionView,
  queueInput,
  queueView,
  skillInput,
  skillView,
  teamInput,
  teamView,
} from './entity-schemas.js';

export interface ConfigRouteDeps {
  /** Reads, and every write with its audit entry and change event. */
  directory: DirectoryService;
  /** Flows and waiting contacts that a delete or disable must not strand; absent, nothing is checked. */
  users?: ConfigUsers;
  clock: Clock;
}

/**
 * The contact-center configuration over REST: skills, teams, agents, calendars, queues, break
 * reasons, wrap-up dispositions (config.view / config.edit; agents hold config.view, so their
 * toolbar reads the lists) and customers (customer.view / customer.edit).
 */
export async function registerConfigRoutes(app: FastifyInstance, deps: ConfigRouteDeps): Promise<void> {
  const { directory } = deps;
  const config = { view: 'config.view', edit: 'config.edit', directory } as const;
  const repos = directory.read;
  const users = deps.users;
  const guarded = <T extends { id: string; name: string }>(kind: 'queue' | 'calendar' | 'skill') =>
    users
      ? {
          guard: {
            update: (before: T & { enabled?: boolean }, input: { name: string; enabled?: boolean }) => {
              if (input.name.trim().toLowerCase() !== before.name.toLowerCase()) requireUnused(users, { kind, id: before.id, name: before.name, action: 'rename' });
              if (before.enabled !== false && input.enabled === false) requireUnused(users, { kind, id: before.id, name: before.name, action: 'disable' });
            },
            delete: (before: T) => requireUnused(users, { kind, id: before.id, name: before.name, action: 'delete' }),
          },
        }
      : {};

  await registerCrudRoutes(app, {
    ...config,
    path: '/api/skills',
    entity: 'skill',
    plural: 'skills',
    input: skillInput,
    output: skillView,
    filters: { q: searchText },
    repo: repos.skills,
    pick: (r) => r.skills,
    ...guarded('skill'),
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/teams',
    entity: 'team',
    plural: 'teams',
    input: teamInput,
    output: teamView,
    filters: { q: searchText, leadUserId: idString },
    repo: repos.teams,
    pick: (r) => r.teams,
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/agents',
    entity: 'agent',
    plural: 'agents',
    input: agentInput,
    output: agentView,
    filters: { q: { ...searchText, description: 'part of the display name or number' }, teamId: idString, skillId: idString, enabled: { type: 'boolean' } },
    repo: repos.agents,
    pick: (r) => r.agents,
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/calendars',
    entity: 'calendar',
    plural: 'calendars',
    input: calendarInput,
    output: calendarView,
    filters: { q: searchText },
    repo: repos.calendars,
    pick: (r) => r.calendars,
    ...guarded('calendar'),
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/queues',
    entity: 'queue',
    plural: 'queues',
    input: queueInput,
    output: queueView,
    filters: { q: searchText, media: { type: 'string', enum: MEDIA }, skillId: idString, calendarId: idString, agentId: idString },
    repo: repos.queues,
    pick: (r) => r.queues,
    ...guarded('queue'),
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/break-reasons',
    entity: 'break_reason',
    plural: 'break reasons',
    input: breakReasonInput,
    output: breakReasonView,
    filters: {
      active: { type: 'boolean' },
      selectable: { type: 'boolean', description: 'true: only what an agent may choose (active, not system)' },
    },
    repo: repos.breakReasons,
    pick: (r) => r.breakReasons,
  });
  await registerCrudRoutes(app, {
    ...config,
    path: '/api/dispositions',
    entity: 'disposition',
    plural: 'dispositions',
    input: dispositionInput,
    output: dispositionView,
    filters: { active: { type: 'boolean', description: 'true: only what an agent may pick for a call' } },
    repo: repos.dispositions,
    pick: (r) => r.dispositions,
  });
  await registerCrudRoutes(app, {
    path: '/api/customers',
    entity: 'customer',
    plural: 'customers',
    view: 'customer.view',
    edit: 'customer.edit',
    directory,
    input: customerInput,
    output: customerView,
    filters: {
      q: searchText,
      phone: { type: 'string', minLength: 1, maxLength: 40, description: 'caller id in any common notation (screen-pop)' },
      tag: { type: 'string', minLength: 1, maxLength: 50 },
      level: { type: 'string', enum: CUSTOMER_LEVELS },
    },
    repo: repos.customers,
    pick: (r) => r.customers,
  });

  app.get<{ Params: { id: string } }>(
    '/api/calendars/:id/status',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'Whether the calendar is open now, and when that next changes',
        tags: ['calendars'],
        params: idParamsSchema,
        response: { 200: calendarStatusView, 404: errorBodySchema },
      },
    },
    async (request) => {
      const cal = await repos.calendars.get(request.params.id);
      const at = deps.clock.now();
      return { at, ...calendarStatus(cal, at) };
    },
  );
}
