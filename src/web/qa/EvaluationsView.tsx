/** Evaluations, newest contact first: an evaluator's scope (filter by state), or one agent's own. */
import { useEffect, useState } from 'preact/hooks';
import { qa } from '../api/endpoints.js';
import type { Evaluation, EvaluationState } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction } from '../kit/action.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { mediaText, scoreText, stateText, type QaNames } from './qa-names.js';
import { finalScore } from './final-score.js';

const STATES: EvaluationState[] = ['draft', 'submitted', 'accepted', 'disputed', 'resolved'];

export function EvaluationsView({ names, onOpen, changes, agentId }: { names: QaNames; onOpen: (id: string) => void; changes: number; agentId?: string }) {
  const [state, setState] = useState<EvaluationState | ''>('');
  const [rows, setRows] = useState<Evaluation[] | undefined>(undefined);
  useEffect(() => {
    void runAction('qa.loadEvaluations', async () => setRows(await qa.list({ ...(state ? { state } : {}), ...(agentId ? { agentId } : {}) })));
  }, [state, changes, agentId]);
  return (
    <section class="panel">
      <div class="qa-heading-row">
        <h2>{t(agentId ? 'qa.tab.mine' : 'qa.tab.evaluations')}</h2>
        <Field id="qa-state" label={t('qa.col.state')}>
          <select id="qa-state" value={state} onChange={(e) => setState(e.currentTarget.value as EvaluationState | '')}>
            <option value="">{t('qa.state.any')}</option>
            {STATES.filter((s) => !agentId || s !== 'draft').map((s) => (
              <option key={s} value={s}>
                {stateText(s)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {rows === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <Table
          caption={t('qa.tab.evaluations')}
          hideCaption
          rows={rows}
          rowKey={(e) => e.id}
          empty={t('qa.evaluations.empty')}
          columns={[
            { key: 'time', header: t('qa.col.time'), cell: (e) => <span class="nowrap">{formatDateTime(e.contactStartedAt)}</span> },
            { key: 'media', header: t('qa.col.media'), cell: (e) => mediaText(e.contact.kind) },
            { key: 'agent', header: t('qa.col.agent'), cell: (e) => names.agent(e.agentId) },
            { key: 'state', header: t('qa.col.state'), cell: (e) => <span class={`qa-state qa-state-${e.state}`}>{stateText(e.state)}</span> },
            { key: 'score', header: t('qa.col.score'), numeric: true, cell: (e) => scoreText(finalScore(e)) },
            {
              key: 'open',
              header: t('qa.col.action'),
              cell: (e) => (
                <button type="button" class="btn btn-secondary" data-action="open" data-evaluation={e.id} onClick={() => onOpen(e.id)}>
                  {t('qa.open')}
                </button>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
