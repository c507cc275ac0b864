/**
 * Reports (reports.view; a team lead sees their teams' queues and agents): Volume, Agents, Satisfaction and Chat bot tabs
 * over a range of local days in a time zone, a chart and a table each, and the same report as a
 * CSV download for Excel. The figures are the live Today figures' definitions.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { config, reports } from '../api/endpoints.js';
import type { AgentsReport, Principal, ReportInterval, SatisfactionReport, VolumeGrouping, VolumeReport } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { PageLink } from '../app/PageLink.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { streamDownload } from '../records/stream-download.js';
import { AgentsView } from './AgentsView.js';
import { BotView } from './BotView.js';
import { chatBotApi, type BotReport } from '../api/chat-bot.js';
import { defaultForm, formParams, type ReportForm, type ReportTab } from './report-form.js';
import { SatisfactionView } from './SatisfactionView.js';
import { VolumeView } from './VolumeView.js';
import './reports.css';

type Tab = ReportTab;
const TABS: Tab[] = ['volume', 'agents', 'satisfaction', 'bot'];
const TAB_TITLES: Record<Tab, MessageKey> = { volume: 'reports.volume', agents: 'reports.agents', satisfaction: 'reports.satisfaction', bot: 'reports.bot' };
const INTERVALS: { id: ReportInterval; key: MessageKey }[] = [
  { id: '15m', key: 'reports.interval.15m' },
  { id: 'hour', key: 'reports.interval.hour' },
  { id: 'day', key: 'reports.interval.day' },
  { id: 'week', key: 'reports.interval.week' },
  { id: 'month', key: 'reports.interval.month' },
];
const GROUPINGS: { id: VolumeGrouping; key: MessageKey }[] = [
  { id: 'none', key: 'reports.groupBy.none' },
  { id: 'queue', key: 'reports.groupBy.queue' },
  { id: 'team', key: 'reports.groupBy.team' },
  { id: 'agent', key: 'reports.groupBy.agent' },
  { id: 'media', key: 'reports.groupBy.media' },
];
/** Offered in the time zone field (any IANA name may be typed). */
const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'UTC'];

export function ReportsPage({ principal }: { principal: Principal }) {
  const [tab, setTab] = useState<Tab>('volume');
  const [form, setForm] = useState<ReportForm>(() => defaultForm(Date.now()));
  const [problem, setProblem] = useState<{ field: string; error: MessageKey } | undefined>(undefined);
  const [volume, setVolume] = useState<VolumeReport | undefined>(undefined);
  const [agents, setAgents] = useState<AgentsReport | undefined>(undefined);
  const [satisfaction, setSatisfaction] = useState<SatisfactionReport | undefined>(undefined);
  const [bot, setBot] = useState<BotReport | undefined>(undefined);
  const [busy, run] = useAction();
  const [reasons, setReasons] = useState<Map<string, string>>(new Map());
  /** The latest load asked for: an earlier one answering later must not replace what it shows. */
  const latest = useRef(0);

  useEffect(() => {
    // Not-ready time is stored by break reason code: the table shows the label admins gave it.
    void runAction('reports.loadReasons', async () => setReasons(new Map((await config.breakReasons()).items.map((r) => [r.code, r.label]))));
  }, []);

  const checked = (which: Tab) => {
    const c = formParams(form, which);
    if ('field' in c) {
      setProblem(c);
      return undefined;
    }
    setProblem(undefined);
    return c.params;
  };
  const show = (which: Tab = tab) => {
    const params = checked(which);
    if (!params) return;
    const mine = ++latest.current;
    const current = () => mine === latest.current;
    void run('reports.load', async () => {
      if (which === 'volume') {
        const r = await reports.volume(params);
        if (current()) setVolume(r);
      } else if (which === 'satisfaction') {
        const r = await reports.satisfaction(params);
        if (current()) setSatisfaction(r);
      } else if (which === 'bot') {
        const r = await chatBotApi.report(Number(params.get('from')), Number(params.get('to')));
        if (current()) setBot(r);
      } else {
        const r = await reports.agents(params);
        if (current()) setAgents(r);
      }
    });
  };
  const download = () => {
    // The bot's totals have no export: its tab shows no export button.
    if (tab === 'bot') return;
    const params = checked(tab);
    if (!params) return;
    void run('reports.export', () => streamDownload(reports.exportUrl(tab, params, 'xlsx-csv'), () => undefined));
  };
  useEffect(() => {
    // Satisfaction has no team grouping: the choice falls back to none there.
    if (tab === 'satisfaction' && form.groupBy === 'team') setForm({ ...form, groupBy: 'none' });
    show(tab);
  }, [tab]);

  const set = <K extends keyof ReportForm>(key: K) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  const errorOf = (field: string) => (problem?.field === field ? t(problem.error) : undefined);

  return (
    <Frame title={t('reports.title')} principal={principal} class="reports-page" headerExtra={<PageLink page="supervisor" principal={principal} />}>
      <div class="tabs report-tabs" role="tablist" aria-label={t('reports.title')}>
        {TABS.map((x) => (
          <button key={x} type="button" role="tab" id={`report-tab-${x}`} class={`tab${x === tab ? ' is-active' : ''}`} aria-selected={x === tab} aria-controls="report-panel" data-tab={x} onClick={() => setTab(x)}>
            {t(TAB_TITLES[x])}
          </button>
        ))}
      </div>
      <form
        class="panel report-filters"
        aria-label={t('reports.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <Field id="rp-from" label={t('reports.from')} {...(errorOf('from') ? { error: errorOf('from') } : {})}>
          <input id="rp-from" type="date" value={form.from} onInput={set('from')} />
        </Field>
        <Field id="rp-to" label={t('reports.to')} {...(errorOf('to') ? { error: errorOf('to') } : {})}>
          <input id="rp-to" type="date" value={form.to} onInput={set('to')} />
        </Field>
        <Field id="rp-tz" label={t('reports.tz')} {...(errorOf('tz') ? { error: errorOf('tz') } : {})}>
          <input id="rp-tz" list="rp-zones" value={form.tz} onInput={set('tz')} autocomplete="off" spellcheck={false} />
          <datalist id="rp-zones">
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        {(tab === 'volume' || tab === 'satisfaction') && (
          <>
            <Field id="rp-interval" label={t('reports.interval')}>
              <select id="rp-interval" value={form.interval} onChange={set('interval')}>
                {INTERVALS.map((i) => (
                  <option key={i.id} value={i.id}>
                    {t(i.key)}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="rp-group" label={t('reports.groupBy')}>
              <select id="rp-group" value={form.groupBy} onChange={set('groupBy')}>
                {GROUPINGS.filter((g) => tab === 'volume' || g.id !== 'team').map((g) => (
                  <option key={g.id} value={g.id}>
                    {t(g.key)}
                  </option>
                ))}
              </select>
            </Field>
          </>
        )}
        <div class="filter-actions">
          <Button label={t('reports.show')} type="submit" variant="primary" data-action="show" busy={busy === 'reports.load'} />
          {tab !== 'bot' && <Button label={t('reports.export')} icon="link" data-action="export" busy={busy === 'reports.export'} onClick={download} />}
        </div>
      </form>
      <section class="panel report-panel" id="report-panel" role="tabpanel" aria-labelledby={`report-tab-${tab}`} aria-busy={busy === 'reports.load' ? 'true' : 'false'}>
        {tab === 'volume' && (volume ? <VolumeView report={volume} /> : <p>{t('common.loading')}</p>)}
        {tab === 'agents' && (agents ? <AgentsView report={agents} reasonLabel={(code) => reasons.get(code) ?? code} /> : <p>{t('common.loading')}</p>)}
        {tab === 'satisfaction' && (satisfaction ? <SatisfactionView report={satisfaction} /> : <p>{t('common.loading')}</p>)}
        {tab === 'bot' && (bot ? <BotView report={bot} /> : <p>{t('common.loading')}</p>)}
      </section>
    </Frame>
  );
}
