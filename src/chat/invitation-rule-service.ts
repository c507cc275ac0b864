/**
 * The admins' invitation rules (issue 12): each change stored with its audit entry in one unit of
 * work, then held in memory, where the automatic invitations read them on every page view without
 * a query. Another daemon on the same database reads them at its start (a standby taking over).
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { InvitationRuleStore } from './invitation-ports.js';
import { checkRule, type InvitationRule, type InvitationRuleInput } from './invitation-rules.js';

export interface RuleActor {
  userId: string;
  ip?: string;
}

export interface InvitationRuleServiceDeps {
  store: InvitationRuleStore;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
  /** Whether the queue exists and takes chats. */
  isChatQueue(queueId: string): Promise<boolean>;
}

export class InvitationRuleService {
  private held: InvitationRule[] = [];

  constructor(private readonly d: InvitationRuleServiceDeps) {}

  async start(): Promise<void> {
    this.held = await this.d.store.rules();
  }

  /** Every rule, by name: the order they are tried in. */
  list(): InvitationRule[] {
    return [...this.held];
  }

  get(id: string): InvitationRule {
    const rule = this.held.find((r) => r.id === id);
    if (!rule) throw new AppError('INVITATION_RULE_NOT_FOUND', `No invitation rule ${id}`, { ruleId: id });
    return rule;
  }

  async create(input: InvitationRuleInput, actor: RuleActor): Promise<InvitationRule> {
    await this.check(input);
    const now = this.d.clock.now();
    const rule: InvitationRule = { ...input, enabled: input.enabled ?? true, id: this.d.newId(), createdAt: now, updatedAt: now };
    await this.d.store.save(rule, true, this.entry(actor, 'chat_invitation_rule.created', rule.id, input), this.d.audit);
    await this.reload();
    return rule;
  }

  async update(id: string, input: InvitationRuleInput, actor: RuleActor): Promise<InvitationRule> {
    const before = this.get(id);
    await this.check(input);
    const rule: InvitationRule = { ...before, ...input, enabled: input.enabled ?? before.enabled, updatedAt: this.d.clock.now() };
    await this.d.store.save(rule, false, this.entry(actor, 'chat_invitation_rule.updated', id, input), this.d.audit);
    await this.reload();
    return rule;
  }

  async remove(id: string, actor: RuleActor): Promise<void> {
    // Invitations it made keep its name (copied into chat_invitations).
    if (!(await this.d.store.remove(id, this.entry(actor, 'chat_invitation_rule.deleted', id, {}), this.d.audit))) {
      throw new AppError('INVITATION_RULE_NOT_FOUND', `No invitation rule ${id}`, { ruleId: id });
    }
    await this.reload();
  }

  private async check(input: InvitationRuleInput): Promise<void> {
    checkRule(input);
    if (!(await this.d.isChatQueue(input.queueId))) throw new AppError('INVITATION_RULE_QUEUE_UNKNOWN', `No chat queue ${input.queueId}`, { where: '/queueId', queueId: input.queueId });
  }

  /** Read back rather than patched in place: the store's order (by name) is the one rules are tried in. */
  private async reload(): Promise<void> {
    this.held = await this.d.store.rules();
  }

  private entry(actor: RuleActor, action: string, id: string, details: object) {
    return { actorId: actor.userId, action, target: `chat_invitation_rule:${id}`, details: { ...details }, ...(actor.ip ? { ip: actor.ip } : {}) };
  }
}
