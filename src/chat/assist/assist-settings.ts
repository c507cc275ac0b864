/**
 * The admin switch for recording remote-assistance sessions (issue 20, docs/remote-assistance.md):
 * off by default (no stored row). config.view reads it, config.edit changes it; every change is
 * stored with its audit entry in one transaction. The share service reads it once per invitation:
 * a share is recorded only when it was on when the visitor was asked (share-state.ts `recorded`).
 */
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { Clock } from '../../core/clock.js';

export interface AssistSettingsView {
  /** The agent's page records the received picture of shares and video calls, and the visitor is told first. */
  recordShares: boolean;
}

export interface AssistSettingsStore {
  /** The stored switch; undefined when no admin ever set it. */
  read(): Promise<AssistSettingsView | undefined>;
  save(s: AssistSettingsView, by: string, at: number, entry: AuditEntry, log: AuditLog): Promise<void>;
}

export const DEFAULT_ASSIST_SETTINGS: AssistSettingsView = { recordShares: false };

export class AssistSettings {
  constructor(private readonly d: { store: AssistSettingsStore; audit: AuditLog; clock: Clock }) {}

  async get(): Promise<AssistSettingsView> {
    return (await this.d.store.read()) ?? DEFAULT_ASSIST_SETTINGS;
  }

  /** Whether a share asked for now is recorded (and its visitor told so). */
  async recordShares(): Promise<boolean> {
    return (await this.get()).recordShares;
  }

  async set(s: AssistSettingsView, actorId: string, ip?: string): Promise<AssistSettingsView> {
    const next: AssistSettingsView = { recordShares: s.recordShares };
    const before = await this.get();
    const entry: AuditEntry = { actorId, action: 'chat.assist_settings', target: 'chat_assist_settings', details: { recordShares: { from: before.recordShares, to: next.recordShares } }, ...(ip ? { ip } : {}) };
    await this.d.store.save(next, actorId, this.d.clock.now(), entry, this.d.audit);
    return next;
  }
}
