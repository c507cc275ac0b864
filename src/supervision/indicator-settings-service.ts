/**
 * The admin's per-audience indicator settings: read once from the store and then served from
 * memory (the floor watch reads them every recount); a change is validated, stored with its audit
 * entry (`indicator_settings.update`, target `indicator_settings:<audience>`) in one unit of work,
 * and only then taken into memory and announced with `config.changed` (entity `indicator_settings`).
 */
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { AUDIENCES, type Audience, type AudienceSettings } from './indicators.js';
import { checkAudience, defaultSettings, parseAudienceSettings } from './indicator-settings.js';
import type { IndicatorSettingsStore } from './ports.js';

export type AllSettings = Record<Audience, AudienceSettings>;

export interface IndicatorSettingsDeps {
  store: IndicatorSettingsStore;
  bus: EventBus;
  clock: Clock;
}

export class IndicatorSettingsService {
  private settings: AllSettings = Object.fromEntries(AUDIENCES.map((a) => [a, defaultSettings()])) as AllSettings;
  private loading: Promise<void> | undefined;

  constructor(private readonly deps: IndicatorSettingsDeps) {}

  /** Reads the store once; later calls wait for that same read. */
  load(): Promise<void> {
    this.loading ??= this.deps.store.loadAll().then((stored) => {
      this.settings = { ...this.settings, ...stored };
    });
    return this.loading;
  }

  /** What is in force now (defaults until load() has finished). */
  current(): AllSettings {
    return this.settings;
  }

  async all(): Promise<AllSettings> {
    await this.load();
    return this.settings;
  }

  async update(audienceName: string, input: Parameters<typeof parseAudienceSettings>[0], actor: { userId?: string; ip?: string }): Promise<AudienceSettings> {
    const audience = checkAudience(audienceName);
    const settings = parseAudienceSettings(input);
    await this.load();
    const at = this.deps.clock.now();
    await this.deps.store.save(audience, settings, actor.userId, at, {
      ...(actor.userId ? { actorId: actor.userId } : {}),
      action: 'indicator_settings.update',
      target: `indicator_settings:${audience}`,
      details: { indicators: settings.indicators, thresholds: settings.thresholds, stateLimits: settings.stateLimits ?? {} },
      ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
    });
    this.settings = { ...this.settings, [audience]: settings };
    this.deps.bus.publish({ type: 'config.changed', at, scope: { everyone: true }, entity: 'indicator_settings', id: audience, action: 'updated' });
    return settings;
  }
}
