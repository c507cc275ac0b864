/**
 * Who holds what (GET /api/qa/assignments?holder=anyone): every evaluator's open assignments of
 * agents in the reader's scope, counted per evaluator, and each one handed to another evaluator in
 * a click (PUT /api/qa/assignments/:id) when its holder is away or holds too many. Folded until
 * opened: most mornings an evaluator only needs their own list above.
 */
import { useEffect, useState } from 'preact/hooks';
import { qa } from '../api/endpoints.js';
import type { Assignment } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Table } from '../kit/Table.js';
import { mediaText, type QaNames } from './qa-names.js';

interface Props {
  evaluators: { userId: string; name: string }[];
  names: QaNames;
  changes: number;
  onMoved: () => void;
}

export function WorkloadView({ evaluators, names, changes, onMoved }: Props) {
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Assignment[] | undefined>(undefined);
  const [busy, run] = useAction();
  const load = () => runAction('qa.loadWorkload', async () => setRows(await qa.everyonesAssignments()));
  useEffect(() => {
    if (open) void load();
  }, [open, changes]);

  const nameOf = (userId: string) => evaluators.find((e) => e.userId === userId)?.name ?? userId;
  const counts = new Map<string, number>();
  for (const a of rows ?? []) counts.set(a.evaluatorId, (counts.get(a.evaluatorId) ?? 0) + 1);
  const move = (a: Assignment, to: string) =>
    run('qa.reassign', async () => {
      await qa.reassign(a.id, to);
      await load();
      onMoved();
    });

  return (
    <details class="panel qa-workload" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h2>{t('qa.workload.title')}</h2>
      </summary>
      {rows === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <p class="qa-workload-counts" data-holders={counts.size}>
            {[...counts].map(([userId, n]) => (
              <span key={userId} class="badge" data-holder={userId}>
                {t('qa.workload.holds', { name: nameOf(userId), n })}
              </span>
            ))}
          </p>
          <Table
            caption={t('qa.workload.title')}
            hideCaption
            rows={rows}
            rowKey={(a) => a.id}
            empty={t('qa.workload.empty')}
            columns={[
              { key: 'time', header: t('qa.col.time'), cell: (a) => <span class="nowrap">{formatDateTime(a.startedAt)}</span> },
              { key: 'media', header: t('qa.col.media'), cell: (a) => mediaText(a.contact.kind) },
              { key: 'agent', header: t('qa.col.agent'), cell: (a) => names.agent(a.agentId) },
              {
                key: 'holder',
                header: t('qa.workload.holder'),
                cell: (a) => (
                  <select aria-label={t('qa.workload.holder')} data-assignment={a.contact.id} value={a.evaluatorId} disabled={busy === 'qa.reassign'} onChange={(e) => void move(a, e.currentTarget.value)}>
                    {!evaluators.some((e) => e.userId === a.evaluatorId) && <option value={a.evaluatorId}>{a.evaluatorId}</option>}
                    {evaluators.map((e) => (
                      <option key={e.userId} value={e.userId}>
                        {e.name}
                      </option>
                    ))}
                  </select>
                ),
              },
            ]}
          />
        </>
      )}
    </details>
  );
}
