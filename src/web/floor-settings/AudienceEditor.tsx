/**
 * One audience's floor settings: which indicators its members see on their status strip (up to
 * the daemon's maximum, in the order chosen), an alert threshold per chosen indicator for calls and
 * for chats (empty: no alert; "Available" alerts below its threshold, the others above), and, for
 * the console's agent list, how long an agent may stay in a state before being marked.
 */
import { useEffect, useState } from 'preact/hooks';
import { floorSettings } from '../api/endpoints.js';
import type { AgentStateName, AudienceSettings, IndicatorSettingsAll } from '../api/types.js';
import { hasKey, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { showToast } from '../kit/toast-store.js';
import { AGENT_STATE_KEY } from '../toolbar/state-labels.js';
import { limitMinutes, limitSeconds, parseThreshold, setThreshold, toggleIndicator } from './settings-form.js';

const LIMITED: AgentStateName[] = ['not_ready', 'wrap_up', 'on_contact', 'offered'];

export const indicatorLabel = (key: string): string => {
  const k = `indicator.${key}`;
  return hasKey(k) ? t(k) : key;
};

export function AudienceEditor({ audience, all, onSaved }: { audience: string; all: IndicatorSettingsAll; onSaved: () => void }) {
  const initial = all.audiences[audience] ?? { indicators: [], thresholds: {} };
  const [draft, setDraft] = useState<AudienceSettings>(initial);
  const [invalid, setInvalid] = useState<Set<string>>(new Set());
  const [busy, run] = useAction();
  useEffect(() => {
    setDraft(all.audiences[audience] ?? { indicators: [], thresholds: {} });
    setInvalid(new Set());
  }, [audience, all]);

  const full = draft.indicators.length >= all.maxIndicators;
  const mark = (field: string, bad: boolean) =>
    setInvalid((s) => {
      const next = new Set(s);
      if (bad) next.add(field);
      else next.delete(field);
      return next;
    });
  const save = () =>
    void run('floorSettings.save', async () => {
      await floorSettings.save(audience, draft);
      showToast('success', t('floorSettings.saved'));
      onSaved();
    });

  return (
    <div class="audience-editor" data-audience={audience}>
      <fieldset class="choices indicator-choices">
        <legend>{t('floorSettings.indicators', { max: String(all.maxIndicators) })}</legend>
        {all.indicators.map((key) => {
          const on = draft.indicators.includes(key);
          return (
            <label key={key} class="check">
              <input
                type="checkbox"
                name="indicator"
                value={key}
                checked={on}
                disabled={!on && full}
                onChange={(e) => setDraft({ ...draft, indicators: toggleIndicator(draft.indicators, key, e.currentTarget.checked, all.maxIndicators) })}
              />
              {indicatorLabel(key)}
            </label>
          );
        })}
      </fieldset>
      <div class="table-wrap">
        <table class="table thresholds">
          <caption>{t('floorSettings.thresholds')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('floorSettings.indicator')}</th>
              {all.media.map((m) => (
                <th key={m} scope="col" class="num">
                  {t(m === 'chat' ? 'floorSettings.media.chat' : 'floorSettings.media.voice')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.indicators.length === 0 ? (
              <tr>
                <td colSpan={all.media.length + 1} class="table-empty">
                  {t('floorSettings.noIndicators')}
                </td>
              </tr>
            ) : (
              draft.indicators.map((key) => (
                <tr key={key} data-indicator={key}>
                  <th scope="row">
                    {indicatorLabel(key)}
                    <span class="muted direction">{all.lowIsBad.includes(key) ? t('floorSettings.alertBelow') : key === 'longestWait' ? t('floorSettings.alertAboveSeconds') : t('floorSettings.alertAbove')}</span>
                  </th>
                  {all.media.map((m) => {
                    const field = `${key}.${m}`;
                    const value = draft.thresholds[key]?.[m];
                    return (
                      <td key={m} class="num">
                        <input
                          class="threshold"
                          name={field}
                          inputMode="decimal"
                          aria-label={t('floorSettings.thresholdOf', { indicator: indicatorLabel(key), media: t(m === 'chat' ? 'floorSettings.media.chat' : 'floorSettings.media.voice') })}
                          aria-invalid={invalid.has(field) ? 'true' : undefined}
                          value={value === null || value === undefined ? '' : String(value)}
                          onInput={(e) => {
                            const parsed = parseThreshold(e.currentTarget.value);
                            mark(field, parsed === undefined || (parsed !== null && parsed < 0));
                            if (parsed !== undefined) setDraft({ ...draft, thresholds: setThreshold(draft.thresholds, key, m, parsed) });
                          }}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {audience !== 'wallboard' && (
        <fieldset class="choices state-limits">
          <legend>{t('floorSettings.stateLimits')}</legend>
          <p class="field-hint">{t('floorSettings.stateLimitsHint')}</p>
          {LIMITED.map((state) => (
            <label key={state} class="limit">
              <span>{t(AGENT_STATE_KEY[state])}</span>
              <input
                name={`limit.${state}`}
                inputMode="decimal"
                value={limitMinutes(draft.stateLimits?.[state])}
                aria-invalid={invalid.has(`limit.${state}`) ? 'true' : undefined}
                onInput={(e) => {
                  const seconds = limitSeconds(e.currentTarget.value);
                  mark(`limit.${state}`, seconds === undefined || (seconds !== null && seconds < 0));
                  if (seconds !== undefined) setDraft({ ...draft, stateLimits: { ...(draft.stateLimits ?? {}), [state]: seconds } });
                }}
              />
              <span class="muted">{t('floorSettings.minutes')}</span>
            </label>
          ))}
        </fieldset>
      )}
      {invalid.size > 0 && (
        <p class="field-error" role="alert">
          {t('floorSettings.invalid')}
        </p>
      )}
      <Button label={t('common.save')} variant="primary" data-action="save-settings" disabled={invalid.size > 0} busy={busy === 'floorSettings.save'} onClick={save} />
    </div>
  );
}
