/**
 * Runs the admins' invitation rules (invitation-rules.ts decides) for each visitor on the site:
 * when their visit changes (a page view, a socket, an invitation answered, a chat starting) and,
 * for "seconds on the page" and a queue with nobody free yet, on one clock timer per visitor set
 * for the moment the decision may change. The work of one visitor runs in order on its lane.
 *
 * A rule invites once per visit; not while the visitor chats or has an open invitation; never
 * again in a visit after a decline; and only when the rule's queue has an agent with a free chat
 * slot at that moment (an invitation nobody can answer is worse than none).
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { ChatService } from './chat-service.js';
import type { InvitationService } from './invitation-service.js';
import { decideInvitation, type InvitationRule } from './invitation-rules.js';
import type { VisitService } from './visit-service.js';

export interface AutoInvitationDeps {
  visits: Pick<VisitService, 'liveView'>;
  invitations: Pick<InvitationService, 'invite' | 'current' | 'ofVisit' | 'forgetVisit'>;
  chat: Pick<ChatService, 'openChatOfVisitor'>;
  /** The rules in the order they are tried. */
  rules(): readonly InvitationRule[];
  /** Whether a logged-in agent of the queue has a free chat slot now. */
  hasFreeAgent(queueId: string): boolean;
  clock: Clock;
  log: Logger;
}

/** Refusals that only mean someone else got there first (an agent invited, a chat started, the visitor left). */
const RACED = new Set(['VISITOR_GONE', 'VISITOR_CHATTING', 'VISITOR_INVITED']);

export class AutoInvitations {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly lanes = new Map<string, Promise<void>>();
  /** The visit each visitor on the site is in (its invitations are let go when it ends). */
  private readonly visitOf = new Map<string, string>();
  private stopped = false;

  constructor(private readonly d: AutoInvitationDeps) {}

  /** Something about the visitor changed: decide again (after what is already queued for them). */
  changed(visitorId: string): void {
    if (this.stopped) return;
    const before = this.lanes.get(visitorId) ?? Promise.resolve();
    const run = before.then(() => this.decide(visitorId));
    this.lanes.set(visitorId, run);
    void run.then(() => {
      if (this.lanes.get(visitorId) === run) this.lanes.delete(visitorId);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.d.clock.clearTimeout(t);
    this.timers.clear();
  }

  /** Every decision queued has run (tests). */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  private async decide(visitorId: string): Promise<void> {
    try {
      await this.decideNow(visitorId);
    } catch (err) {
      // A lane never rejects: the next change of the visit decides again.
      this.d.log.error({ err, visitorId }, 'deciding an automatic invitation failed');
    }
  }

  private async decideNow(visitorId: string): Promise<void> {
    this.d.clock.clearTimeout(this.timers.get(visitorId));
    this.timers.delete(visitorId);
    const view = this.d.visits.liveView(visitorId);
    const previous = this.visitOf.get(visitorId);
    if (previous !== undefined && previous !== view?.visit.id) this.d.invitations.forgetVisit(previous);
    if (!view) {
      this.visitOf.delete(visitorId);
      return;
    }
    this.visitOf.set(visitorId, view.visit.id);
    const rules = this.d.rules();
    if (!rules.some((r) => r.enabled)) return;
    const seen = await this.d.invitations.ofVisit(view.visit.id);
    const page = view.currentPage;
    const now = this.d.clock.now();
    const decision = decideInvitation(
      {
        online: view.online,
        returning: view.visit.returning,
        currentPage: page ? { url: page.url, enteredAt: page.enteredAt } : undefined,
        chatting: this.d.chat.openChatOfVisitor(visitorId) !== undefined,
        invitationOpen: this.d.invitations.current(visitorId) !== undefined,
        declinedThisVisit: seen.some((i) => i.answer === 'declined'),
        invitedBy: new Set(seen.flatMap((i) => (i.ruleId ? [i.ruleId] : []))),
      },
      rules,
      now,
      (queueId) => this.d.hasFreeAgent(queueId),
    );
    if (decision.kind === 'wait' && !this.stopped) {
      this.timers.set(visitorId, this.d.clock.setTimeout(() => this.changed(visitorId), decision.at - now));
    } else if (decision.kind === 'invite') {
      try {
        await this.d.invitations.invite(visitorId, { agentId: null, rule: decision.rule }, decision.rule.message.en);
      } catch (err) {
        if (!isAppError(err) || !RACED.has(err.code)) throw err;
        // Expected: the visit changed between the decision and the invitation; its change decides again.
      }
    }
  }
}
