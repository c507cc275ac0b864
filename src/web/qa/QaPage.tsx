/**
 * Quality scoring (issue 14), /app/qa. Evaluators (qa.evaluate; a team lead for their teams) draw
 * samples, evaluate calls and chats, resolve disputes and read the report; admins and supervisors
 * (qa.manage) keep the scorecards; an agent reads their own evaluations, accepts or disputes them.
 * Opening an evaluation shows the call's recording or the chat's transcript beside its scorecard.
 */
import { useEffect, useState } from 'preact/hooks';
import { config, qa } from '../api/endpoints.js';
import type { Principal, Scorecard } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { runAction } from '../kit/action.js';
import { EvaluationView } from './EvaluationView.js';
import { EvaluationsView } from './EvaluationsView.js';
import { QaReportView } from './QaReportView.js';
import { ReviewView } from './ReviewView.js';
import { ScorecardsView } from './ScorecardsView.js';
import type { QaNames, QaPicks } from './qa-names.js';
import './qa.css';

type Tab = 'review' | 'evaluations' | 'mine' | 'report' | 'scorecards';
const TAB_TITLES: Record<Tab, MessageKey> = { review: 'qa.tab.review', evaluations: 'qa.tab.evaluations', mine: 'qa.tab.mine', report: 'qa.tab.report', scorecards: 'qa.tab.scorecards' };

export function QaPage({ principal }: { principal: Principal }) {
  const canEvaluate = principal.permissions.includes('qa.evaluate');
  const canManage = principal.permissions.includes('qa.manage');
  const tabs: Tab[] = [...(canEvaluate ? (['review', 'evaluations', 'report'] as const) : []), ...(principal.agentId ? (['mine'] as const) : []), ...(canManage ? (['scorecards'] as const) : [])];
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'mine');
  const [opened, setOpened] = useState<string | undefined>(undefined);
  const [names, setNames] = useState<QaNames>({ agent: (id) => id, team: (id) => id, queue: (id) => id ?? '—' });
  const [picks, setPicks] = useState<QaPicks>({ teams: [], queues: [] });
  const [cards, setCards] = useState<Scorecard[]>([]);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    void runAction('qa.loadNames', async () => {
      const [agents, teams, queues] = await Promise.all([config.agents(), config.teams(), config.queues()]);
      const a = new Map(agents.items.map((x) => [x.id, x.displayName]));
      const tm = new Map(teams.items.map((x) => [x.id, x.name]));
      const qs = new Map(queues.items.map((x) => [x.id, x.name]));
      setNames({ agent: (id) => a.get(id) ?? id, team: (id) => tm.get(id) ?? id, queue: (id) => (id === null ? t('qa.context.noQueue') : (qs.get(id) ?? id)) });
      setPicks({ teams: teams.items.map((x) => ({ id: x.id, name: x.name })), queues: queues.items.map((x) => ({ id: x.id, name: x.name })) });
    });
  }, []);
  useEffect(() => {
    if (canEvaluate) void runAction('qa.loadScorecards', async () => setCards(await qa.scorecards()));
  }, [changes]);

  const changed = () => setChanges((n) => n + 1);
  return (
    <Frame title={t('qa.title')} principal={principal} class="qa-page">
      {opened ? (
        <EvaluationView
          id={opened}
          principal={principal}
          names={names}
          queueName={names.queue}
          onBack={() => {
            setOpened(undefined);
            changed();
          }}
        />
      ) : (
        <>
          <div class="tabs qa-tabs" role="tablist" aria-label={t('qa.title')}>
            {tabs.map((x) => (
              <button key={x} type="button" role="tab" id={`qa-tab-${x}`} class={`tab${x === tab ? ' is-active' : ''}`} aria-selected={x === tab} aria-controls="qa-panel" data-tab={x} onClick={() => setTab(x)}>
                {t(TAB_TITLES[x])}
              </button>
            ))}
          </div>
          <section class="qa-panel" id="qa-panel" role="tabpanel" aria-labelledby={`qa-tab-${tab}`}>
            {tab === 'review' && <ReviewView cards={cards} names={names} picks={picks} principal={principal} onOpen={setOpened} changes={changes} />}
            {tab === 'evaluations' && <EvaluationsView names={names} onOpen={setOpened} changes={changes} />}
            {tab === 'mine' && principal.agentId && <EvaluationsView names={names} onOpen={setOpened} changes={changes} agentId={principal.agentId} />}
            {tab === 'report' && <QaReportView cards={cards} names={names} />}
            {tab === 'scorecards' && <ScorecardsView onChanged={changed} />}
          </section>
        </>
      )}
    </Frame>
  );
}
