/** Where invitation rules and invitations are kept (sql/105); src/store/chat/invitation-store.ts implements both. */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { InvitationRule } from './invitation-rules.js';

export type InvitationAnswer = 'accepted' | 'declined' | 'expired';

/** One invitation as stored: who or which rule invited, and the answer once there is one. */
export interface StoredInvitation {
  id: string;
  visitorId: string;
  /** The visit it was made in (null: the visitor was not on the site, which the service refuses; kept nullable for old rows). */
  visitId: string | null;
  /** The inviting agent; null for a rule's invitation (the queue's agents). */
  agentId: string | null;
  agentName: string | null;
  ruleId: string | null;
  /** Copied: the page still names the rule after it is renamed or deleted. */
  ruleName: string | null;
  queueId: string | null;
  /** The agent's text, or the rule's English message. */
  message: string;
  /** A rule's Chinese message (the widget shows it to a visitor reading Chinese). */
  messageZh: string | null;
  createdAt: number;
  expiresAt: number;
  answer: InvitationAnswer | null;
  answeredAt: number | null;
  /** The chat an acceptance started. */
  chatId: string | null;
}

export interface InvitationStore {
  /** With its audit entry in one transaction when one is given (an agent's invitation). */
  insert(inv: StoredInvitation, audit?: { entry: AuditEntry; log: AuditLog }): Promise<void>;
  /** Records the answer of an invitation still unanswered (a second answer changes nothing). */
  answer(id: string, answer: InvitationAnswer, at: number, chatId: string | null): Promise<void>;
  /** Unanswered invitations (a restart finds the ones it left open). */
  unanswered(): Promise<StoredInvitation[]>;
  /** The invitations of one visit, oldest first. */
  ofVisit(visitId: string): Promise<StoredInvitation[]>;
}

export interface InvitationRuleStore {
  /** By name. */
  rules(): Promise<InvitationRule[]>;
  /** Inserts or replaces the rule with its audit entry in one transaction; INVITATION_RULE_NAME_TAKEN on a name in use. */
  save(rule: InvitationRule, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void>;
  /** false when there was no such rule (nothing audited then). */
  remove(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean>;
}
