import type { Principal } from '../../accounts/principal.js';
import type { DomainEvent } from '../../core/events.js';

/**
 * Who sees which event (EventScope):
 *   admin        everything
 *   supervisor   everything except `adminOnly`
 *   team lead    events of the teams they lead, plus what an agent sees
 *   agent        events about their own agent (agentId, or one of agentIds), and `everyone` events
 * `adminOnly` wins over every other scope field; `exceptStaff` events are for the others only
 * (supervisors, admins and wall displays get the same figures in an event of their own).
 *   wallboard token   only `floor.changed`, the wallboard's own `floor.alert`s and `config.changed`
 *                     of its settings or of queues (to read the board again), whatever the scope
 */
const WALLBOARD_CONFIG: ReadonlySet<string> = new Set(['indicator_settings', 'queue']);

export function canSee(principal: Principal, event: DomainEvent): boolean {
  const scope = event.scope;
  if (principal.wallboard) {
    return (
      (event.type === 'floor.changed' && !scope.exceptStaff) ||
      (event.type === 'floor.alert' && event.audience === 'wallboard') ||
      // Its thresholds or queue names changed: the display reads the board again (ids only, no settings in the event).
      (event.type === 'config.changed' && WALLBOARD_CONFIG.has(event.entity))
    );
  }
  // Visitors on the site are shown only to holders of chat.visitors (agents and up by default).
  if (event.type.startsWith('visitor.') && !principal.permissions.has('chat.visitors')) return false;
  if (scope.exceptStaff && (principal.roles.includes('admin') || principal.roles.includes('supervisor'))) return false;
  if (principal.roles.includes('admin')) return true;
  if (scope.adminOnly) return false;
  if (principal.roles.includes('supervisor')) return true;
  if (scope.everyone) return true;
  if (principal.agentId !== undefined && (scope.agentId === principal.agentId || scope.agentIds?.includes(principal.agentId))) return true;
  if (principal.roles.includes('team_lead') && scope.teamIds?.some((t) => principal.ledTeamIds.includes(t))) return true;
  return false;
}

/**
 * A topic is an event type (`agent.state_changed`) or a domain prefix (`agent`, matching every
 * `agent.*`). `*` means every topic.
 */
export function matchesTopics(topics: ReadonlySet<string>, type: string): boolean {
  if (topics.has('*') || topics.has(type)) return true;
  const dot = type.indexOf('.');
  return dot > 0 && topics.has(type.slice(0, dot));
}
