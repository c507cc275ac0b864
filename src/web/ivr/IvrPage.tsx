/**
 * IVR flows (/app/ivr, ?flow=<name> opens one): every flow with its state, the open flow's
 * diagram, its file in an editor with Check and Save (the daemon validates; a refused save says
 * why beside the buttons and keeps the text), its problems as `line:col reason` (a click selects
 * the place), its stored versions, and where callers hung up in it (issue 14, records.view).
 * config.view reads; ivr.edit checks and saves (the daemon checks both on every call).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { ivrApi, refusedProblems, type AbandonPoint, type FlowGraph, type FlowProblem, type FlowState, type FlowVersion, type FlowView } from '../api/ivr.js';
import type { Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { current, navigate } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { errorText } from '../kit/toast-store.js';
import { AbandonPanel } from './AbandonPanel.js';
import { presetOf, presetRange, rangeInstants, type DayRange } from './abandon-range.js';
import { FlowDiagram } from './FlowDiagram.js';
import { FlowStateBadge } from './FlowStateBadge.js';
import { problemNodes, problemText, selectionOf } from './flow-problems.js';
import { VersionsPanel } from './VersionsPanel.js';
import './ivr.css';

/** What the diagram and the problem list show: the file as opened, or the text last checked or refused. */
interface Shown {
  problems: FlowProblem[];
  graph: FlowGraph | null;
  /** The text the problems' lines and the graph's lines refer to. */
  source: string;
}

type Result = { kind: 'ok' | 'error'; text: string };

export function IvrPage({ principal }: { principal: Principal }) {
  const canEdit = principal.permissions.includes('ivr.edit');
  const canReport = principal.permissions.includes('records.view');
  const wanted = current.value.params.get('flow') ?? undefined;
  const [flows, setFlows] = useState<FlowState[] | undefined>(undefined);
  const [view, setView] = useState<FlowView | undefined>(undefined);
  const [text, setText] = useState('');
  const [shown, setShown] = useState<Shown | undefined>(undefined);
  // A wide flow is scaled down only while it stays readable (then its box scrolls); "whole flow" shows it all.
  const [wholeDiagram, setWholeDiagram] = useState(false);
  const [result, setResult] = useState<Result | undefined>(undefined);
  const [versions, setVersions] = useState<FlowVersion[] | undefined>(undefined);
  /** Why the flow in the address could not be opened (no such flow, a refused file), said in place of it. */
  const [openError, setOpenError] = useState<string | undefined>(undefined);
  const [busy, run] = useAction();
  const editor = useRef<HTMLTextAreaElement>(null);
  /** The flow the latest load asked for: an earlier one answering later must not replace it. */
  const loading = useRef<string | undefined>(undefined);

  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const [range, setRange] = useState<DayRange>(() => presetRange('today', Date.now(), timeZone));
  const [points, setPoints] = useState<AbandonPoint[] | undefined>(undefined);
  const instants = rangeInstants(range, timeZone);

  const loadList = () => runAction('ivr.loadFlows', async () => setFlows((await ivrApi.flows()).flows));

  const openFlow = async (name: string) => {
    loading.current = name;
    const [v, vs] = await Promise.all([ivrApi.flow(name), ivrApi.versions(name)]);
    if (loading.current !== name) return;
    setView(v);
    setText(v.source);
    setShown({ problems: v.problems, graph: v.graph, source: v.source });
    setVersions(vs.versions);
  };

  useEffect(() => {
    void loadList();
  }, []);

  // The flow named in the address, else the first one (the address then names it: Back and bookmarks work).
  useEffect(() => {
    if (!flows) return;
    const name = wanted ?? flows[0]?.name;
    if (name === undefined) return;
    if (wanted === undefined) {
      navigate('ivr', { flow: name }, { replace: true });
      return;
    }
    setView(undefined);
    setShown(undefined);
    setVersions(undefined);
    setResult(undefined);
    setOpenError(undefined);
    openFlow(name).catch((err: unknown) => {
      if (loading.current !== name) return;
      // A 401 ends the session (the login page says so); anything else is this flow's to show.
      if (isApiError(err) && err.status === 401) return;
      console.warn(`IVR flow ${name} could not be opened`, err);
      setOpenError(errorText(err).text);
    });
  }, [wanted, flows === undefined]);

  const openName = view?.name;
  useEffect(() => {
    if (!canReport || openName === undefined || !instants) return;
    setPoints(undefined);
    let stale = false;
    void runAction('ivr.abandon.load', async () => {
      const answer = await ivrApi.abandonPoints(instants.from, instants.to, openName);
      if (!stale) setPoints(answer.points);
    });
    return () => {
      stale = true;
    };
  }, [canReport, openName, instants?.from, instants?.to]);

  const check = () =>
    void run('ivr.check', async () => {
      if (!view) return;
      const source = text;
      const c = await ivrApi.check(view.name, source);
      setShown({ problems: c.problems, graph: c.graph, source });
      setResult(c.problems.length === 0 ? { kind: 'ok', text: t('ivr.checkOk') } : { kind: 'error', text: t('ivr.checkProblems', { count: c.problems.length }) });
    });

  const save = () =>
    void run('ivr.save', async () => {
      if (!view) return;
      const name = view.name;
      const source = text;
      try {
        const state = await ivrApi.save(name, source);
        await Promise.all([openFlow(name), loadList()]);
        setResult({ kind: 'ok', text: t('ivr.saved', { version: state.version ?? '' }) });
      } catch (err) {
        // The text stays as typed whatever the refusal; the reason is said beside the buttons.
        if (isApiError(err, 'IVR_FLOW_INVALID')) {
          const problems = refusedProblems(err.details);
          // The refusal lists the problems; a check of the same text gives the diagram they belong to.
          const c = await ivrApi.check(name, source).catch((checkErr: unknown) => {
            console.warn('the refused text could not be checked for its diagram', checkErr);
            return undefined;
          });
          setShown({ problems, graph: c?.graph ?? null, source });
          setResult({ kind: 'error', text: t('ivr.notSavedProblems', { count: problems.length }) });
          return;
        }
        if (isApiError(err) && err.status === 401) throw err;
        setResult({ kind: 'error', text: t('ivr.notSaved', { reason: errorText(err).text }) });
      }
    });

  const select = (line: number, col: number) => {
    const ta = editor.current;
    if (!ta) return;
    const { start, end } = selectionOf(ta.value, line, col);
    ta.focus();
    ta.setSelectionRange(start, end);
    // Bring the line into view: a textarea does not scroll to a selection made by script.
    const lineHeight = parseFloat(getComputedStyle(ta).lineHeight) || 18;
    ta.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  const marked = useMemo(() => (shown ? problemNodes(shown.graph, shown.problems, shown.source) : new Set<string>()), [shown]);
  const abandons = useMemo(() => (points ? new Map(points.map((p) => [p.node, p.count])) : undefined), [points]);
  const nodeIds = useMemo(() => new Set(shown?.graph?.nodes.map((n) => n.id) ?? []), [shown]);
  const state = view?.state;

  return (
    <Frame title={t('ivr.title')} principal={principal} class="ivr-page">
      <nav class="panel ivr-flows" aria-labelledby="ivr-flows-title">
        <h2 id="ivr-flows-title">{t('ivr.flows')}</h2>
        {!flows ? (
          <p role="status">{t('common.loading')}</p>
        ) : flows.length === 0 ? (
          <p class="muted">{t('ivr.noFlows')}</p>
        ) : (
          <ul class="ivr-flow-list">
            {flows.map((f) => (
              <li key={f.name}>
                <a
                  class="ivr-flow-link"
                  href={`/app/ivr?${new URLSearchParams({ flow: f.name }).toString()}`}
                  data-flow={f.name}
                  aria-current={f.name === wanted ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    if (f.name === view?.name) return;
                    // Another flow replaces the editor's text: typed changes are not thrown away unasked.
                    if (view && text !== view.source && !window.confirm(t('ivr.discardEdits', { flow: view.name }))) return;
                    navigate('ivr', { flow: f.name });
                  }}
                >
                  <span class="ivr-flow-name">{f.name}</span>
                  <FlowStateBadge state={f} />
                  {f.description && <span class="muted ivr-flow-description">{f.description}</span>}
                </a>
              </li>
            ))}
          </ul>
        )}
      </nav>

      <div class="ivr-main">
        <header class="ivr-head">
          <h2 class="ivr-flow-title" data-testid="flow-name">
            {view?.name ?? wanted ?? ''}
          </h2>
          {view && <FlowStateBadge state={{ version: view.state.version, problems: view.problems }} />}
          {state && (
            <span class="ivr-running" data-testid="running-version">
              {state.version === null ? t('ivr.notRunning') : t('ivr.runningVersion', { version: state.version })}
            </span>
          )}
          {/* Said before anything can throw the edits away (another flow, a version's text): the editor holds more than what runs. */}
          {view && canEdit && text !== view.source && (
            <span class="badge ivr-unsaved" data-testid="unsaved" role="status">
              {t('ivr.unsaved')}
            </span>
          )}
        </header>
        {openError !== undefined && (
          <p class="panel ivr-open-error" role="alert">
            {t('ivr.openFailed', { reason: openError })}
          </p>
        )}
        {!canEdit && (
          <p class="ivr-readonly" role="note">
            {t('ivr.readOnly')}
          </p>
        )}

        <div class={`ivr-view${canReport ? ' has-report' : ''}`}>
          <section class="panel ivr-diagram-panel" aria-labelledby="ivr-diagram-title">
            <div class="ivr-diagram-head">
              <h2 id="ivr-diagram-title">{t('ivr.diagram')}</h2>
              {shown?.graph && (
                <Button label={t('ivr.wholeFlow')} variant="ghost" class="ivr-zoom" pressed={wholeDiagram} onClick={() => setWholeDiagram(!wholeDiagram)} />
              )}
            </div>
            <div class="ivr-diagram-box" role="region" tabIndex={0} aria-label={t('ivr.diagramScroll')}>
              {!shown ? (
                openError === undefined && <p role="status">{t('common.loading')}</p>
              ) : shown.graph ? (
                <FlowDiagram flow={view?.name ?? ''} graph={shown.graph} problems={marked} abandons={canReport ? abandons : undefined} onNode={(line) => select(line, 1)} whole={wholeDiagram} />
              ) : (
                <p class="muted ivr-no-diagram">{t('ivr.noDiagram')}</p>
              )}
            </div>
          </section>
          {canReport && (
            <AbandonPanel
              range={range}
              preset={presetOf(range, Date.now(), timeZone)}
              timeZone={timeZone}
              onRange={setRange}
              onPreset={(p) => setRange(presetRange(p, Date.now(), timeZone))}
              points={instants ? points : undefined}
              nodes={nodeIds}
              badRange={!instants && range.from !== '' && range.to !== ''}
            />
          )}
        </div>

        <div class="ivr-edit">
          <section class="panel ivr-editor" aria-labelledby="ivr-editor-title">
            <h2 id="ivr-editor-title">{t('ivr.source')}</h2>
            <div class="ivr-editor-bar">
              <Button label={t('ivr.check')} icon="check" data-action="check" disabled={!canEdit || !view} busy={busy === 'ivr.check'} onClick={check} />
              <Button label={t('ivr.save')} variant="primary" data-action="save" disabled={!canEdit || !view} busy={busy === 'ivr.save'} onClick={save} />
              {result && (
                <span class={`ivr-result is-${result.kind}`} role={result.kind === 'error' ? 'alert' : 'status'} data-testid="result">
                  {result.text}
                </span>
              )}
            </div>
            <textarea
              ref={editor}
              id="ivr-source"
              class="ivr-source"
              aria-label={t('ivr.source')}
              spellcheck={false}
              readOnly={!canEdit}
              value={text}
              rows={22}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            {shown && shown.problems.length > 0 && (
              <ul class="ivr-problems" aria-label={t('ivr.problems')}>
                {shown.problems.map((p, i) => (
                  <li key={`${p.line}:${p.col}:${i}`}>
                    <button type="button" class="ivr-problem" data-line={p.line} onClick={() => select(p.line, p.col)}>
                      <span class="ivr-problem-at">
                        {p.line}:{p.col}
                      </span>{' '}
                      <span class="ivr-problem-reason">{problemText(p)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {view && <VersionsPanel flow={view.name} versions={versions} running={view.state.version} onUse={canEdit ? setText : undefined} />}
        </div>
      </div>
    </Frame>
  );
}
