/**
 * The conversation timers of open chats, on the injected clock:
 *   agent silent    a visitor message (or the assignment) unanswered for `agentSilentMs` -> onAgentSilent
 *   visitor silent  an agent message unanswered for `visitorReminderMs` -> onVisitorReminder,
 *                   and for `visitorCloseMs` -> onVisitorGone (the chat closes)
 * An answer from the other side cancels the running ones; a chat's timers go when it ends.
 */
import type { Clock, TimerHandle } from '../core/clock.js';

export interface ChatTimerSettings {
  agentSilentMs: number;
  visitorReminderMs: number;
  visitorCloseMs: number;
}

export const DEFAULT_CHAT_TIMERS: ChatTimerSettings = { agentSilentMs: 5 * 60_000, visitorReminderMs: 5 * 60_000, visitorCloseMs: 8 * 60_000 };

export interface ChatTimerHandlers {
  onAgentSilent(chatId: string, silentMs: number): void;
  onVisitorReminder(chatId: string): void;
  onVisitorGone(chatId: string): void;
}

interface Running {
  agent?: TimerHandle;
  reminder?: TimerHandle;
  close?: TimerHandle;
}

export class ChatTimers {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: ChatTimerSettings,
    private readonly handlers: ChatTimerHandlers,
  ) {}

  /**
   * The visitor spoke (or the chat was just assigned): the agent owes an answer. `since`: when
   * (a daemon restarting re-arms from the last stored message: only what is left of the time runs).
   */
  visitorSpoke(chatId: string, since = this.clock.now()): void {
    const r = this.slot(chatId);
    this.clearVisitor(r);
    if (r.agent) return;
    r.agent = this.clock.setTimeout(() => {
      delete r.agent;
      this.handlers.onAgentSilent(chatId, this.clock.now() - since);
    }, this.left(this.settings.agentSilentMs, since));
  }

  /** The agent spoke: the visitor owes an answer (`since` as for visitorSpoke). */
  agentSpoke(chatId: string, since = this.clock.now()): void {
    const r = this.slot(chatId);
    this.clock.clearTimeout(r.agent);
    delete r.agent;
    this.clearVisitor(r);
    r.reminder = this.clock.setTimeout(() => {
      delete r.reminder;
      this.handlers.onVisitorReminder(chatId);
    }, this.left(this.settings.visitorReminderMs, since));
    r.close = this.clock.setTimeout(() => {
      delete r.close;
      this.handlers.onVisitorGone(chatId);
    }, this.left(this.settings.visitorCloseMs, since));
  }

  /** What is left of `ms` counted from `since` (0 when it ran out while nobody watched). */
  private left(ms: number, since: number): number {
    return Math.max(0, ms - (this.clock.now() - since));
  }

  stop(chatId: string): void {
    const r = this.running.get(chatId);
    if (!r) return;
    this.clock.clearTimeout(r.agent);
    this.clearVisitor(r);
    this.running.delete(chatId);
  }

  stopAll(): void {
    for (const id of [...this.running.keys()]) this.stop(id);
  }

  private clearVisitor(r: Running): void {
    this.clock.clearTimeout(r.reminder);
    this.clock.clearTimeout(r.close);
    delete r.reminder;
    delete r.close;
  }

  private slot(chatId: string): Running {
    let r = this.running.get(chatId);
    if (!r) this.running.set(chatId, (r = {}));
    return r;
  }
}
