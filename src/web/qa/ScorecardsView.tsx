/**
 * Scorecards (qa.manage): the list, and an editor for sections and items with the weights' total
 * shown as it is typed (it must be 100; the daemon refuses anything else with QA_WEIGHTS). Saving
 * an existing scorecard stores its next version: evaluations keep the one they answered.
 */
import { useEffect, useState } from 'preact/hooks';
import { qa } from '../api/endpoints.js';
import type { ItemKind, QaMedia, Scorecard, ScorecardInput, ScorecardItem } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { mediaText } from './qa-names.js';

const KINDS: ItemKind[] = ['yes_no', 'scale', 'critical'];
const kindText = (k: ItemKind) => t(k === 'yes_no' ? 'qa.kind.yesNo' : k === 'scale' ? 'qa.kind.scale' : 'qa.kind.critical');

let counter = 0;
/** Ids only need to be unique in the card; the daemon keeps them across versions for the item report. */
const freshId = (prefix: string, taken: Set<string>) => {
  let id = '';
  do id = `${prefix}${++counter}`;
  while (taken.has(id));
  return id;
};
const idsOf = (card: ScorecardInput) => new Set(card.sections.flatMap((s) => [s.id, ...s.items.map((i) => i.id)]));

function blank(): ScorecardInput {
  return { name: '', media: ['call', 'chat'], sections: [{ id: 's1', title: '', items: [{ id: 'i1', label: '', kind: 'yes_no', weight: 100 }] }] };
}

export function ScorecardsView({ onChanged }: { onChanged: () => void }) {
  const [cards, setCards] = useState<Scorecard[] | undefined>(undefined);
  const [editing, setEditing] = useState<{ id?: string; card: ScorecardInput } | undefined>(undefined);
  const [busy, run] = useAction();
  const load = () => runAction('qa.loadScorecards', async () => setCards(await qa.scorecards()));
  useEffect(() => {
    void load();
  }, []);

  if (editing) {
    return (
      <ScorecardEditor
        initial={editing.card}
        busy={busy === 'qa.saveScorecard'}
        onCancel={() => setEditing(undefined)}
        onSave={(card) =>
          void run('qa.saveScorecard', async () => {
            if (editing.id) await qa.updateScorecard(editing.id, card);
            else await qa.createScorecard(card);
            setEditing(undefined);
            onChanged();
            await load();
          })
        }
      />
    );
  }
  return (
    <section class="panel">
      <div class="qa-heading-row">
        <h2>{t('qa.tab.scorecards')}</h2>
        <Button label={t('qa.newScorecard')} icon="plus" variant="primary" data-action="new-scorecard" onClick={() => setEditing({ card: blank() })} />
      </div>
      {cards === undefined ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <Table
          caption={t('qa.tab.scorecards')}
          hideCaption
          rows={cards}
          rowKey={(c) => c.id}
          empty={t('qa.noScorecards')}
          columns={[
            { key: 'name', header: t('qa.col.name'), cell: (c) => c.name },
            { key: 'media', header: t('qa.col.media'), cell: (c) => c.media.map(mediaText).join(' · ') },
            { key: 'items', header: t('qa.col.items'), numeric: true, cell: (c) => c.sections.reduce((n, s) => n + s.items.length, 0) },
            { key: 'version', header: t('qa.col.version'), numeric: true, cell: (c) => c.version },
            {
              key: 'act',
              header: t('qa.col.action'),
              cell: (c) => (
                <span class="qa-actions">
                  <Button label={t('qa.edit')} data-action="edit" onClick={() => setEditing({ id: c.id, card: { name: c.name, ...(c.description ? { description: c.description } : {}), media: c.media, sections: c.sections } })} />
                  <Button
                    label={t('qa.archive')}
                    variant="danger"
                    data-action="archive"
                    busy={busy === 'qa.archiveScorecard'}
                    onClick={() =>
                      void run('qa.archiveScorecard', async () => {
                        await qa.archiveScorecard(c.id);
                        onChanged();
                        await load();
                      })
                    }
                  />
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

function ScorecardEditor({ initial, busy, onSave, onCancel }: { initial: ScorecardInput; busy: boolean; onSave: (card: ScorecardInput) => void; onCancel: () => void }) {
  const [card, setCard] = useState<ScorecardInput>(initial);
  const total = card.sections.flatMap((s) => s.items).reduce((n, i) => n + (i.kind === 'critical' ? 0 : i.weight || 0), 0);
  const setSection = (si: number, change: Partial<ScorecardInput['sections'][number]>) => setCard({ ...card, sections: card.sections.map((s, i) => (i === si ? { ...s, ...change } : s)) });
  const setItem = (si: number, ii: number, change: Partial<ScorecardItem>) =>
    setSection(si, {
      items: (card.sections[si]?.items ?? []).map((it, i) => {
        if (i !== ii) return it;
        const next = { ...it, ...change };
        // A critical item has no weight; a scale item needs its top value; the others have none.
        if (next.kind === 'critical') next.weight = 0;
        if (next.kind === 'scale') next.scaleMax = next.scaleMax ?? 5;
        else delete next.scaleMax;
        return next;
      }),
    });
  const toggleMedia = (m: QaMedia) => setCard({ ...card, media: card.media.includes(m) ? card.media.filter((x) => x !== m) : [...card.media, m] });

  return (
    <form
      class="panel qa-editor"
      aria-label={t('qa.editor')}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(card);
      }}
    >
      <div class="qa-form-row">
        <Field id="qa-card-name" label={t('qa.col.name')}>
          <input id="qa-card-name" value={card.name} onInput={(e) => setCard({ ...card, name: e.currentTarget.value })} required />
        </Field>
        <fieldset class="qa-media">
          <legend>{t('qa.col.media')}</legend>
          {(['call', 'chat'] as const).map((m) => (
            <label key={m}>
              <input type="checkbox" checked={card.media.includes(m)} onChange={() => toggleMedia(m)} /> {mediaText(m)}
            </label>
          ))}
        </fieldset>
        <output class={`qa-total${total === 100 ? '' : ' is-off'}`} data-total={total} role="status">
          {t('qa.weightTotal', { n: total })}
        </output>
      </div>
      {card.sections.map((s, si) => (
        <fieldset key={s.id} class="qa-section" data-section={s.id}>
          <legend>{t('qa.section', { n: si + 1 })}</legend>
          <div class="qa-form-row">
            <Field id={`qa-sec-${s.id}`} label={t('qa.sectionTitle')}>
              <input id={`qa-sec-${s.id}`} value={s.title} onInput={(e) => setSection(si, { title: e.currentTarget.value })} required />
            </Field>
            <Button label={t('qa.removeSection')} variant="ghost" disabled={card.sections.length === 1} onClick={() => setCard({ ...card, sections: card.sections.filter((_, i) => i !== si) })} />
          </div>
          {s.items.map((it, ii) => (
            <div key={it.id} class="qa-item-edit" data-item-edit={it.id}>
              <Field id={`qa-item-${it.id}`} label={t('qa.itemLabel')}>
                <input id={`qa-item-${it.id}`} value={it.label} onInput={(e) => setItem(si, ii, { label: e.currentTarget.value })} required />
              </Field>
              <Field id={`qa-kind-${it.id}`} label={t('qa.itemKind')}>
                <select id={`qa-kind-${it.id}`} value={it.kind} onChange={(e) => setItem(si, ii, { kind: e.currentTarget.value as ItemKind })}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {kindText(k)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`qa-weight-${it.id}`} label={t('qa.weight')}>
                <input id={`qa-weight-${it.id}`} type="number" min={0} max={100} value={it.weight} disabled={it.kind === 'critical'} onInput={(e) => setItem(si, ii, { weight: Number(e.currentTarget.value) })} />
              </Field>
              {it.kind === 'scale' && (
                <Field id={`qa-max-${it.id}`} label={t('qa.scaleMax')}>
                  <input id={`qa-max-${it.id}`} type="number" min={2} max={10} value={it.scaleMax ?? 5} onInput={(e) => setItem(si, ii, { scaleMax: Number(e.currentTarget.value) })} />
                </Field>
              )}
              <Button label={t('qa.removeItem')} variant="ghost" iconOnly icon="close" disabled={s.items.length === 1} onClick={() => setSection(si, { items: s.items.filter((_, i) => i !== ii) })} />
            </div>
          ))}
          <Button label={t('qa.addItem')} icon="plus" data-action="add-item" onClick={() => setSection(si, { items: [...s.items, { id: freshId('i', idsOf(card)), label: '', kind: 'yes_no', weight: 0 }] })} />
        </fieldset>
      ))}
      <div class="filter-actions">
        <Button label={t('qa.addSection')} icon="plus" data-action="add-section" onClick={() => setCard({ ...card, sections: [...card.sections, { id: freshId('s', idsOf(card)), title: '', items: [{ id: freshId('i', idsOf(card)), label: '', kind: 'yes_no', weight: 0 }] }] })} />
        <Button label={t('common.cancel')} onClick={onCancel} />
        <Button label={t('qa.saveScorecard')} type="submit" variant="primary" data-action="save-scorecard" busy={busy} />
      </div>
    </form>
  );
}
