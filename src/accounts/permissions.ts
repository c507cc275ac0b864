/**
 * Roles and the permission matrix. Routes and socket messages name the fine permission they need;
 * roles are only bundles of permissions, so a deployment can reason about "who can barge" without
 * reading code. Admin holds everything.
 */
export const ROLES = ['agent', 'team_lead', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'agent.self', //               use the toolbar: own state, own contacts
  'chat.handle', //              take, answer and end chats; see the waiting chats of one's queues
  'chat.supervise', //           see every open and waiting chat; monitor, whisper, take over (team leads: their teams' chats only, src/api/chat-reach.ts)
  'chat.visitors', //            see the widget's visitors on the site now (before any chat) and invite them
  'customer.view', //            view customer data
  'customer.edit', //            edit customer data
  'customer.export', //          export customer data (supervisors and admins)
  'records.view', //             view call / chat records and recordings of others
  'records.own', //              list one's own call records on the records page (agents; every role holding records.view holds it too)
  'records.delete', //           delete call records and recordings
  'recordings.download', //      download recording files (listening in the page needs records.view only)
  'tickets.view', //             see tickets (team-scoped: own teams', own and team-less ones)
  'tickets.edit', //             create tickets, change their fields and state, reply
  'tickets.close', //            close tickets: granted per role by an admin (role-grants.ts; supervisors by default)
  'supervise.listen', //         listen to live calls
  'supervise.whisper', //        coach an agent
  'supervise.barge', //          barge into a call, force-release
  'agent.force_state', //        force an agent's state or log them out
  'realtime.view', //            queue / team dashboards and wallboard
  'reports.view', //             historical reports (volume, agents) and their exports (team-scoped for team leads)
  'config.view', //              read contact-center configuration
  'config.edit', //              change queues, skills, teams, calendars, break reasons, agents
  'ivr.edit', //                 edit IVR flow files
  'users.manage', //             create users, assign roles, reset passwords
  'audit.view', //               read the audit log
  'notify.manage', //            outcome-notification rules and their delivery log
  'kb.view', //                  find, read and use knowledge-base articles (published versions)
  'qa.evaluate', //              quality scoring: sample, evaluate and resolve disputes (team-scoped for team leads)
  'qa.manage', //                define quality scorecards
  'kb.edit', //                  maintain the knowledge base: categories, drafts, publishing, usage report; granted per role (role-grants.ts; supervisors by default)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: Permission[] = ['agent.self', 'records.own', 'chat.handle', 'chat.visitors', 'customer.view', 'customer.edit', 'config.view', 'tickets.view', 'tickets.edit', 'kb.view'];
const TEAM_LEAD: Permission[] = [
  ...AGENT,
  'records.view',
  'chat.supervise',
  'supervise.listen',
  'supervise.whisper',
  'agent.force_state',
  'realtime.view',
  'reports.view',
  'qa.evaluate',
];
const SUPERVISOR: Permission[] = [...TEAM_LEAD, 'qa.manage', 'customer.export', 'supervise.barge', 'records.delete', 'recordings.download', 'audit.view'];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  agent: new Set(AGENT),
  team_lead: new Set(TEAM_LEAD),
  supervisor: new Set(SUPERVISOR),
  admin: new Set(PERMISSIONS),
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/**
 * Users may hold several roles (an admin who also takes calls); permissions are the union, with
 * the ones an admin granted per role (`granted`, from role-grants.ts) added.
 */
export function permissionsOf(roles: readonly Role[], granted: readonly Permission[] = []): Set<Permission> {
  const out = new Set<Permission>(granted);
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}
