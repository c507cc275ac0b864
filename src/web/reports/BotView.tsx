/**
 * The chat bot tab (issue 21): over the chats started in the range that the bot answered first,
 * how many it solved, how many went to a person and why, and the articles that solved most. The
 * daemon keeps these as totals of the range only (GET /api/reports/chat-bot has no series), so
 * the tab shows figures and tables and no chart over time.
 */
import type { BotReport } from '../api/chat-bot.js';
import { locale, t } from '../i18n/i18n.js';
import { Table, type Column } from '../kit/Table.js';

const REASONS = ['asked', 'unhelpful', 'negative', 'vip', 'supervisor'] as const;
type Reason = (typeof REASONS)[number];
type ArticleRow = BotReport['articles'][number];

export function BotView({ report }: { report: BotReport }) {
  const lang = locale.value;
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const share = (n: number) => (report.chats === 0 ? '' : t('reports.bot.share', { percent: pct.format(n / report.chats) }));
  const reasonRows = REASONS.map((r) => ({ reason: r, count: report.handedOver[r] ?? 0 }));
  const handed = reasonRows.reduce((n, r) => n + r.count, 0);
  const reasonColumns: Column<{ reason: Reason; count: number }>[] = [
    { key: 'reason', header: t('reports.bot.reason'), cell: (r) => t(`reports.bot.reason.${r.reason}`) },
    { key: 'count', header: t('reports.bot.count'), numeric: true, cell: (r) => r.count },
  ];
  const articleColumns: Column<ArticleRow>[] = [
    { key: 'title', header: t('reports.bot.article'), cell: (a) => a.title },
    { key: 'solved', header: t('reports.bot.articleSolved'), numeric: true, cell: (a) => a.solved },
  ];
  const figure = (id: string, label: string, value: number, note: string) => (
    <div class="bot-figure" data-figure={id}>
      <dt>{label}</dt>
      <dd>
        <span class="bot-figure-value">{value}</span>
        {note && <span class="muted bot-figure-share">{note}</span>}
      </dd>
    </div>
  );
  return (
    <div class="report-bot">
      <dl class="bot-figures">
        {figure('chats', t('reports.bot.chats'), report.chats, '')}
        {figure('solved', t('reports.bot.solved'), report.solved, share(report.solved))}
        {figure('handed', t('reports.bot.handedOver'), handed, share(handed))}
      </dl>
      <div class="bot-tables">
        <Table caption={t('reports.bot.byReason')} columns={reasonColumns} rows={reasonRows} rowKey={(r) => r.reason} empty="" />
        <Table caption={t('reports.bot.articles')} columns={articleColumns} rows={report.articles} rowKey={(a) => a.articleId} empty={t('reports.bot.noArticles')} />
      </div>
      <p class="report-definition" data-testid="bot-definition">
        {t('reports.bot.definition')}
      </p>
    </div>
  );
}
