/**
 * How often each published article was viewed, sent in a chat or used during a call (issue 13),
 * for a range of local days in the user's time zone (today, the last 7 or 30 days, or any two
 * days): the most used and the least used, each a table with one bar per article. Part of the
 * editors' page because the report is theirs (kb.edit), not the reports page's (reports.view,
 * team-scoped: a team lead there could not read it, and the knowledge base has no teams).
 */
import { useEffect, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { KbUsageReport } from '../api/types.js';
import { APP_BASE, navigate } from '../app/router.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table, type Column } from '../kit/Table.js';
import { errorText } from '../kit/toast-store.js';
import { PRESET_DAYS, presetOf, presetRange, rangeInstants, type DayRange, type RangePreset } from '../ivr/abandon-range.js';
import { barParts, usageLists, type UsageRow } from './kb-usage.js';

/** Articles per list: what an editor reads at a glance. */
const LIMIT = 10;
const PRESET_LABELS: Record<RangePreset, MessageKey> = { today: 'kbUsage.today', days7: 'kbUsage.days7', days30: 'kbUsage.days30' };
const KIND_LABELS = { viewed: 'kbUsage.viewed', sentInChat: 'kbUsage.sentInChat', usedInCall: 'kbUsage.usedInCall' } as const satisfies Record<string, MessageKey>;

export function KbUsageView() {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [range, setRange] = useState<DayRange>(() => presetRange('days7', Date.now(), timeZone));
  const [report, setReport] = useState<KbUsageReport | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<{ text: string; code?: string } | undefined>(undefined);
  const instants = rangeInstants(range, timeZone);

  useEffect(() => {
    if (!instants) return;
    let stale = false;
    setLoading(true);
    kb.usageReport(instants.from, instants.to, LIMIT).then(
      (r) => {
        if (stale) return;
        setReport(r);
        setFailure(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (stale) return;
        setLoading(false);
        // The lists shown were another period's: not to be read as this one's.
        setReport(undefined);
        // A 401 ends the session: the sign-in page says so.
        if (isApiError(err) && err.status === 401) return;
        console.warn('knowledge base usage report failed', { from: instants.from, to: instants.to }, err);
        setFailure(errorText(err));
      },
    );
    return () => {
      // A range changed before its answer came: the older answer must not replace the newer.
      stale = true;
    };
  }, [instants?.from, instants?.to]);

  const preset = presetOf(range, Date.now(), timeZone);
  const lists = report ? usageLists(report, locale.value) : undefined;
  const number = new Intl.NumberFormat(locale.value);
  const columns: Column<UsageRow>[] = [
    {
      key: 'title',
      header: t('kbUsage.article'),
      cell: (r) => (
        <a
          class="kb-usage-title"
          href={`${APP_BASE}kb?${new URLSearchParams({ article: r.articleId }).toString()}`}
          data-article={r.articleId}
          onClick={(e) => {
            // Within the app: no reload (a click with a modifier opens a tab as usual).
            if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            navigate('kb', { article: r.articleId });
          }}
        >
          {r.title}
        </a>
      ),
    },
    {
      key: 'bar',
      header: t('kbUsage.bar'),
      cell: (r) => (
        <span class="kb-usage-track" aria-hidden="true">
          {barParts(r, lists?.scale ?? 1).map((p) => (
            <span key={p.kind} class={`kb-usage-fill kb-usage-${p.kind}`} style={{ width: `${p.share * 100}%` }} />
          ))}
        </span>
      ),
    },
    { key: 'viewed', header: t('kbUsage.viewed'), numeric: true, cell: (r) => number.format(r.viewed) },
    { key: 'sentInChat', header: t('kbUsage.sentInChat'), numeric: true, cell: (r) => number.format(r.sentInChat) },
    { key: 'usedInCall', header: t('kbUsage.usedInCall'), numeric: true, cell: (r) => number.format(r.usedInCall) },
    { key: 'total', header: t('kbUsage.total'), numeric: true, cell: (r) => <strong>{number.format(r.total)}</strong> },
  ];

  return (
    <section class="panel kb-usage" aria-labelledby="kb-usage-title" aria-busy={loading ? 'true' : 'false'}>
      <h2 id="kb-usage-title">{t('kbUsage.heading')}</h2>
      <div class="kb-usage-period">
        <div class="kb-usage-presets" role="group" aria-label={t('kbUsage.period')}>
          {(Object.keys(PRESET_DAYS) as RangePreset[]).map((p) => (
            <Button key={p} label={t(PRESET_LABELS[p])} pressed={preset === p} data-preset={p} onClick={() => setRange(presetRange(p, Date.now(), timeZone))} />
          ))}
        </div>
        <Field id="kb-usage-from" label={t('kbUsage.from')}>
          <input id="kb-usage-from" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.currentTarget.value })} />
        </Field>
        <Field id="kb-usage-to" label={t('kbUsage.to')} {...(range.from && range.to && !instants ? { error: t('kbUsage.badRange') } : {})}>
          <input id="kb-usage-to" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.currentTarget.value })} />
        </Field>
      </div>
      <p class="muted kb-usage-tz">{t('kbUsage.timeZone', { tz: timeZone })}</p>
      {failure && (
        <p class="field-error kb-usage-error" role="alert" data-code={failure.code}>
          {t('error.actionFailed', { action: t('kbUsage.load'), reason: failure.text })}
        </p>
      )}
      {!lists ? (
        !failure && <p role="status">{t('common.loading')}</p>
      ) : lists.unused ? (
        <p class="kb-usage-none" role="status">
          {t('kbUsage.none')}
        </p>
      ) : (
        <>
          <ul class="kb-usage-legend" aria-label={t('kbUsage.legend')}>
            {(Object.keys(KIND_LABELS) as (keyof typeof KIND_LABELS)[]).map((k) => (
              <li key={k}>
                <span class={`kb-usage-swatch kb-usage-${k}`} aria-hidden="true" />
                {t(KIND_LABELS[k])}
              </li>
            ))}
          </ul>
          <div class="kb-usage-tables">
            <div class="kb-usage-most">
              <Table caption={t('kbUsage.most')} columns={columns} rows={lists.most} rowKey={(r) => r.articleId} empty="" />
            </div>
            {lists.least.length > 0 && (
              <div class="kb-usage-least">
                <Table caption={t('kbUsage.least')} columns={columns} rows={lists.least} rowKey={(r) => r.articleId} empty="" />
              </div>
            )}
          </div>
          <p class="muted kb-usage-definition">{t('kbUsage.definition')}</p>
        </>
      )}
    </section>
  );
}
