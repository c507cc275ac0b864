/**
 * Every page of the app. A new page (supervisor console, chat, customers) is a component added
 * here; the daemon serves /app/<name> without any change on its side.
 */
import type { ComponentType } from 'preact';
import type { Principal } from '../api/types.js';
import type { MessageKey } from '../i18n/i18n.js';
import { CustomerPage } from '../customers/CustomerPage.js';
import { FloorSettingsPage } from '../floor-settings/FloorSettingsPage.js';
import { LeaveMessageTemplatesPage } from '../leave-message-templates/LeaveMessageTemplatesPage.js';
import { InvitationRulesPage } from '../invitation-rules/InvitationRulesPage.js';
import { LoginPage } from '../login/LoginPage.js';
import { NotificationsPage } from '../notifications/NotificationsPage.js';
import { RecordsPage } from '../records/RecordsPage.js';
import { ReportsPage } from '../reports/ReportsPage.js';
import { SupervisorPage } from '../supervisor/SupervisorPage.js';
import { TicketsPage } from '../tickets/TicketsPage.js';
import { ToolbarPage } from '../toolbar/ToolbarPage.js';
import { WallboardPage } from '../wallboard/WallboardPage.js';
import { HomePage } from './HomePage.js';
import { KbPage } from '../kb/KbPage.js';
import { KbAdminPage } from '../kb/KbAdminPage.js';
import { QaPage } from '../qa/QaPage.js';
import { FormsAdminPage } from '../chat-forms/FormsAdminPage.js';
import { CrmSettingsPage } from '../crm/CrmSettingsPage.js';
import { ChatBotSettingsPage } from '../chat-bot-admin/ChatBotSettingsPage.js';
import { IvrPage } from '../ivr/IvrPage.js';
import { RoleGrantsPage } from '../role-grants/RoleGrantsPage.js';
import type { Location } from './router.js';
import { botSettingsListed, recordsListed, roleGrantsListed } from './page-access.js';

export interface PageDef {
  title: MessageKey;
  component: ComponentType<{ principal: Principal }>;
  /** Who may open it (the daemon still checks every call it makes). */
  allowed: (p: Principal) => boolean;
  /** Reached only through a link that names what to show (no entry on the home page). */
  unlisted?: boolean;
}

export const PAGES: Record<string, PageDef> = {
  '': { title: 'home.title', component: HomePage, allowed: () => true },
  toolbar: { title: 'toolbar.title', component: ToolbarPage, allowed: (p) => p.agentId !== undefined && p.permissions.includes('agent.self') },
  supervisor: { title: 'supervisor.title', component: SupervisorPage, allowed: (p) => p.permissions.includes('realtime.view') },
  wallboard: { title: 'wallboard.title', component: WallboardPage, allowed: (p) => p.permissions.includes('realtime.view') },
  /** /app/customers: the list and search; /app/customers/<id>: one customer (the screen-pop's link). */
  customers: { title: 'customers.title', component: CustomerPage, allowed: (p) => p.permissions.includes('customer.view') },
  'floor-settings': { title: 'floorSettings.title', component: FloorSettingsPage, allowed: (p) => p.permissions.includes('config.edit') },
  /** Agents too (records.own): their own calls and chats only (page-access.ts). */
  records: { title: 'records.title', component: RecordsPage, allowed: recordsListed },
  /** Supervisors, admins and team leads (their teams only). */
  reports: { title: 'reports.title', component: ReportsPage, allowed: (p) => p.permissions.includes('reports.view') },
  notifications: { title: 'notify.title', component: NotificationsPage, allowed: (p) => p.permissions.includes('notify.manage') },
  /** Admins' page (agents may read templates through the API, but it is not a page for them). */
  'leave-message-templates': { title: 'leaveTemplates.title', component: LeaveMessageTemplatesPage, allowed: (p) => p.permissions.includes('config.edit') },
  /** Admins: automatic chat invitations by page, time on page and new or returning visitor (issue 12). */
  'chat-invitation-rules': { title: 'invitationRules.title', component: InvitationRulesPage, allowed: (p) => p.permissions.includes('config.edit') },
  /** Admins: forms and surveys agents send in chats, and each channel's pre-chat form (issue 21). */
  'chat-forms': { title: 'forms.title', component: FormsAdminPage, allowed: (p) => p.permissions.includes('config.edit') },
  tickets: { title: 'tickets.title', component: TicketsPage, allowed: (p) => p.permissions.includes('tickets.view') },
  /** Agents find and read articles. */
  kb: { title: 'kb.title', component: KbPage, allowed: (p) => p.permissions.includes('kb.view') },
  /** Editors (kb.edit): categories, drafts, publishing, versions. A two-part name: /app/kb/admin. */
  'kb/admin': { title: 'kbAdmin.title', component: KbAdminPage, allowed: (p) => p.permissions.includes('kb.edit') },
  /** Evaluators (qa.evaluate), scorecard keepers (qa.manage), and agents reading their own evaluations. */
  qa: { title: 'qa.title', component: QaPage, allowed: (p) => p.permissions.includes('qa.evaluate') || p.permissions.includes('qa.manage') || p.agentId !== undefined },
  /** Admins: the optional CRM lookup (issue 13). */
  'crm-settings': { title: 'crm.title', component: CrmSettingsPage, allowed: (p) => p.permissions.includes('config.edit') },
  /** The chat bot per channel and its word lists (issue 21): config.view reads, config.edit saves. */
  'chat-bot': { title: 'botAdmin.title', component: ChatBotSettingsPage, allowed: botSettingsListed },
  /** IVR flows (?flow=<name>): config.view reads them, as GET /api/ivr/flows; ivr.edit checks and saves. */
  ivr: { title: 'ivr.title', component: IvrPage, allowed: (p) => p.permissions.includes('config.view') },
  /** Admins (users.manage): which roles hold the permissions granted per role, such as closing tickets (issue 13). */
  'role-grants': { title: 'roleGrants.title', component: RoleGrantsPage, allowed: roleGrantsListed },
};

/** The page a location shows: a two-part name (`kb/admin`) first, then the page name alone. */
export function pageKeyOf(loc: Pick<Location, 'page' | 'path'>): string {
  const two = loc.path[0] === undefined ? undefined : `${loc.page}/${loc.path[0]}`;
  return two !== undefined && PAGES[two] ? two : loc.page;
}

export const LOGIN_PAGE = LoginPage;

/** Where a user lands after signing in: agents on their toolbar, supervisors on the console, anyone else on the home page. */
export function homeOf(p: Principal): string {
  if (PAGES.toolbar?.allowed(p)) return 'toolbar';
  return PAGES.supervisor?.allowed(p) ? 'supervisor' : '';
}
