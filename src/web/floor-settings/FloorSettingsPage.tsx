/**
 * Floor settings (admins): per audience (each role, and the wallboard) the indicators of its
 * status strip with their alert thresholds and the agent-list time limits; below, the wallboard
 * tokens. What each indicator counts: src/supervision/floor-indicators.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { floorSettings } from '../api/endpoints.js';
import type { IndicatorSettingsAll, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { hasKey, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { AudienceEditor } from './AudienceEditor.js';
import { WallboardTokens } from './WallboardTokens.js';
import './floor-settings.css';

const audienceLabel = (a: string) => {
  const k = `floorSettings.audience.${a}`;
  return hasKey(k) ? t(k) : a;
};

export function FloorSettingsPage({ principal }: { principal: Principal }) {
  const [all, setAll] = useState<IndicatorSettingsAll | undefined>(undefined);
  const [audience, setAudience] = useState('supervisor');
  const [, run] = useAction();
  const load = () =>
    void run('floorSettings.load', async () => {
      setAll(await floorSettings.all());
    });
  useEffect(load, []);

  const audiences = all ? Object.keys(all.audiences) : [];
  return (
    <Frame title={t('floorSettings.title')} principal={principal} class="floor-settings-page">
      <section class="panel" aria-labelledby="strip-title">
        <h2 id="strip-title">{t('floorSettings.strips')}</h2>
        <p class="muted">{t('floorSettings.intro')}</p>
        {!all ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            <div class="audience-tabs" role="tablist" aria-label={t('floorSettings.audience')}>
              {audiences.map((a) => (
                <button key={a} type="button" role="tab" class={`tab${a === audience ? ' is-active' : ''}`} aria-selected={a === audience} data-audience={a} onClick={() => setAudience(a)}>
                  {audienceLabel(a)}
                </button>
              ))}
            </div>
            <AudienceEditor audience={audience} all={all} onSaved={load} />
          </>
        )}
      </section>
      <WallboardTokens />
    </Frame>
  );
}
