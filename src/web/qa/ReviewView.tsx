/**
 * The evaluator's work list: draw a random sample per agent (or per agent and week) from a period,
 * narrowed to a queue, a team or contacts handled at least so long, for oneself or for another
 * evaluator (a QA lead hands out the week's sample); see the sampled calls and chats not yet
 * evaluated, and start an evaluation of one (or of any call or chat by its id) with the chosen
 * scorecard.
 */
import { useEffect, useState } from 'preact/hooks';
import { qa } from '../api/endpoints.js';
import type { Assignment, Principal, QaMedia, SampleCandidate, Scorecard } from '../api/types.js';
import { formatDateTime, formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { dateField, dayStart, mediaText, type QaNames, type QaPicks } from './qa-names.js';
import { WorkloadView } from './WorkloadView.js';

const DAY = 86_400_000;

interface Props {
  cards: Scorecard[];
  names: QaNames;
  picks: QaPicks;
  principal: Principal;
  onOpen: (evaluationId: string) => void;
  changes: number;
}

export function ReviewView({ cards, names, picks, principal, onOpen, changes }: Props) {
  const [from, setFrom] = useState(() => dateField(Date.now() - 7 * DAY));
  const [to, setTo] = useState(() => dateField(Date.now()));
  const [perAgent, setPerAgent] = useState('3');
  const [media, setMedia] = useState<QaMedia[]>(['call', 'chat']);
  const [cardId, setCardId] = useState('');
  const [perWeek, setPerWeek] = useState(false);
  const [queueId, setQueueId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [minMinutes, setMinMinutes] = useState('');
  const [evaluatorId, setEvaluatorId] = useState('');
  const [everyone, setEveryone] = useState<{ userId: string; name: string }[]>([]);
  const evaluators = everyone.filter((e) => e.userId !== principal.userId);
  const [assignments, setAssignments] = useState<Assignment[] | undefined>(undefined);
  // Bumped when a sample or a hand-over changes who holds what.
  const [shared, setShared] = useState(0);
  const [found, setFound] = useState<SampleCandidate[] | undefined>(undefined);
  const [drawn, setDrawn] = useState<{ n: number; to: string | undefined } | undefined>(undefined);
  const [kind, setKind] = useState<QaMedia>('call');
  const [contactId, setContactId] = useState('');
  const [busy, run] = useAction();

  const load = () => runAction('qa.loadAssignments', async () => setAssignments(await qa.assignments()));
  useEffect(() => {
    void load();
  }, [changes]);
  useEffect(() => {
    void runAction('qa.loadEvaluators', async () => setEveryone(await qa.evaluators()));
  }, []);
  // A team lead narrows to the teams they lead; the others to any team.
  const teams = principal.roles.includes('supervisor') || principal.roles.includes('admin') ? picks.teams : picks.teams.filter((x) => principal.ledTeamIds.includes(x.id));
  const card = cards.find((c) => c.id === cardId) ?? cards[0];
  const fits = (m: QaMedia) => card?.media.includes(m) ?? false;

  const minSeconds = Math.round(Number(minMinutes || '0') * 60);
  const find = () =>
    run('qa.find', async () => {
      setDrawn(undefined);
      setFound(
        await qa.candidates({
          from: dayStart(from),
          to: dayStart(to) + DAY,
          ...(media.length === 1 && media[0] ? { media: media[0] } : {}),
          ...(queueId ? { queueId } : {}),
          ...(teamId ? { teamId } : {}),
          ...(minSeconds > 0 ? { minSeconds } : {}),
        }),
      );
    });
  const draw = () =>
    run('qa.sample', async () => {
      const picked = await qa.sample({
        from: dayStart(from),
        to: dayStart(to) + DAY,
        perAgent: Number(perAgent),
        media,
        perWeek,
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
        ...(queueId ? { queueIds: [queueId] } : {}),
        ...(teamId ? { teamIds: [teamId] } : {}),
        ...(minSeconds > 0 ? { minSeconds } : {}),
        ...(evaluatorId ? { evaluatorId } : {}),
      });
      setFound(undefined);
      setShared((n) => n + 1);
      setDrawn({ n: picked.length, to: evaluatorId ? (evaluators.find((e) => e.userId === evaluatorId)?.name ?? evaluatorId) : undefined });
      await load();
    });
  const start = (contact: { kind: QaMedia; id: string }, assignmentId?: string) =>
    run('qa.start', async () => {
      if (!card) return;
      const e = await qa.start({ scorecardId: card.id, contact, ...(assignmentId ? { assignmentId } : {}) });
      onOpen(e.id);
    });
  const toggle = (m: QaMedia) => setMedia(media.includes(m) ? media.filter((x) => x !== m) : [...media, m]);

  return (
    <div class="qa-review">
      <form
        class="panel qa-form-row"
        aria-label={t('qa.sample.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void draw();
        }}
      >
        <h2>{t('qa.sample.title')}</h2>
        <Field id="qa-from" label={t('qa.from')}>
          <input id="qa-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field id="qa-to" label={t('qa.to')}>
          <input id="qa-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <Field id="qa-per-agent" label={t('qa.sample.perAgent')}>
          <input id="qa-per-agent" type="number" min={1} max={50} value={perAgent} onInput={(e) => setPerAgent(e.currentTarget.value)} />
        </Field>
        <label class="qa-check">
          <input id="qa-s-week" type="checkbox" checked={perWeek} onChange={() => setPerWeek(!perWeek)} /> {t('qa.sample.perWeek')}
        </label>
        <Field id="qa-s-queue" label={t('qa.sample.queue')}>
          <select id="qa-s-queue" value={queueId} onChange={(e) => setQueueId(e.currentTarget.value)}>
            <option value="">{t('qa.sample.anyQueue')}</option>
            {picks.queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="qa-s-team" label={t('qa.sample.team')}>
          <select id="qa-s-team" value={teamId} onChange={(e) => setTeamId(e.currentTarget.value)}>
            <option value="">{t('qa.sample.anyTeam')}</option>
            {teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="qa-s-min" label={t('qa.sample.minMinutes')}>
          <input id="qa-s-min" type="number" min={0} max={1440} step="0.5" value={minMinutes} placeholder="0" onInput={(e) => setMinMinutes(e.currentTarget.value)} />
        </Field>
        <Field id="qa-s-for" label={t('qa.sample.for')}>
          <select id="qa-s-for" value={evaluatorId} onChange={(e) => setEvaluatorId(e.currentTarget.value)}>
            <option value="">{t('qa.sample.forMe')}</option>
            {evaluators.map((x) => (
              <option key={x.userId} value={x.userId}>
                {x.name}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="qa-media">
          <legend>{t('qa.sample.media')}</legend>
          {(['call', 'chat'] as const).map((m) => (
            <label key={m}>
              <input type="checkbox" checked={media.includes(m)} onChange={() => toggle(m)} /> {mediaText(m)}
            </label>
          ))}
        </fieldset>
        <div class="filter-actions">
          <Button label={t('qa.sample.draw')} type="submit" variant="primary" data-action="sample" busy={busy === 'qa.sample'} disabled={media.length === 0} />
          <Button label={t('qa.find.button')} data-action="find" busy={busy === 'qa.find'} disabled={media.length === 0} onClick={() => void find()} />
          {drawn !== undefined && (
            <span class="muted" role="status" data-drawn={drawn.n}>
              {drawn.to === undefined ? t('qa.sample.drawn', { n: drawn.n }) : t('qa.sample.drawnFor', { n: drawn.n, name: drawn.to })}
            </span>
          )}
        </div>
      </form>

      {found && (
        <section class="panel qa-found" aria-label={t('qa.find.title')}>
          <h2>{t('qa.find.title')}</h2>
          <Table
            caption={t('qa.find.title')}
            hideCaption
            rows={found}
            rowKey={(c) => `${c.kind}:${c.id}`}
            empty={t('qa.find.empty')}
            columns={[
              { key: 'time', header: t('qa.col.time'), cell: (c) => <span class="nowrap">{formatDateTime(c.startedAt)}</span> },
              { key: 'media', header: t('qa.col.media'), cell: (c) => mediaText(c.kind) },
              { key: 'agent', header: t('qa.col.agent'), cell: (c) => names.agent(c.agentId) },
              { key: 'queue', header: t('qa.sample.queue'), cell: (c) => names.queue(c.queueId ?? null) },
              { key: 'handled', header: t('qa.find.handled'), numeric: true, cell: (c) => (c.handledMs === null || c.handledMs === undefined ? '—' : formatDuration(c.handledMs)) },
              {
                key: 'act',
                header: t('qa.col.action'),
                cell: (c) => <Button label={t('qa.evaluate')} data-action="evaluate-found" data-contact={c.id} disabled={!fits(c.kind)} busy={busy === 'qa.start'} onClick={() => void start({ kind: c.kind, id: c.id })} />,
              },
            ]}
          />
        </section>
      )}

      <section class="panel">
        <div class="qa-heading-row">
          <h2>{t('qa.assignments')}</h2>
          <Field id="qa-card" label={t('qa.scorecard')}>
            <select id="qa-card" value={card?.id ?? ''} onChange={(e) => setCardId(e.currentTarget.value)}>
              {cards.length === 0 && <option value="">{t('qa.noScorecards')}</option>}
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {assignments === undefined ? (
          <p class="muted">{t('common.loading')}</p>
        ) : (
          <Table
            caption={t('qa.assignments')}
            hideCaption
            rows={assignments}
            rowKey={(a) => a.id}
            empty={t('qa.assignments.empty')}
            columns={[
              { key: 'time', header: t('qa.col.time'), cell: (a) => <span class="nowrap">{formatDateTime(a.startedAt)}</span> },
              { key: 'media', header: t('qa.col.media'), cell: (a) => mediaText(a.contact.kind) },
              { key: 'agent', header: t('qa.col.agent'), cell: (a) => names.agent(a.agentId) },
              {
                key: 'act',
                header: t('qa.col.action'),
                cell: (a) => (
                  <Button label={t('qa.evaluate')} data-action="evaluate" data-contact={a.contact.id} disabled={!fits(a.contact.kind)} busy={busy === 'qa.start'} onClick={() => void start(a.contact, a.id)} />
                ),
              },
            ]}
          />
        )}
        <form
          class="qa-form-row qa-by-id"
          aria-label={t('qa.byId')}
          onSubmit={(e) => {
            e.preventDefault();
            if (contactId.trim()) void start({ kind, id: contactId.trim() });
          }}
        >
          <Field id="qa-kind" label={t('qa.col.media')}>
            <select id="qa-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as QaMedia)}>
              <option value="call">{mediaText('call')}</option>
              <option value="chat">{mediaText('chat')}</option>
            </select>
          </Field>
          <Field id="qa-contact" label={t('qa.byId')}>
            <input id="qa-contact" value={contactId} onInput={(e) => setContactId(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
          </Field>
          <div class="filter-actions">
            <Button label={t('qa.evaluate')} type="submit" data-action="evaluate-by-id" disabled={!card || !contactId.trim()} />
          </div>
        </form>
      </section>
      <WorkloadView
        evaluators={everyone}
        names={names}
        changes={changes + shared}
        onMoved={() => {
          void load();
        }}
      />
    </div>
  );
}
