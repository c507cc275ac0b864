/**
 * The CRM lookup (admins, config.edit): the endpoint (URL, method, plain headers, the header that
 * carries the secret and the secret itself, write-only), the time limit and how long answers are
 * kept, the levels that change routing, and a test lookup against the saved settings.
 */
import { useEffect, useState } from 'preact/hooks';
import { config, crm } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { CrmSettingsView, CrmTestResult, Principal, QueueConfig } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { showToast } from '../kit/toast-store.js';
import { CrmCard } from './CrmCard.js';
import { headersFromText, headersToText, testMessage, type Rule } from './crm-form.js';
import './crm.css';

/** HTTP method names: protocol words, the same in every language. */
const HTTP_METHODS: CrmSettingsView['method'][] = ['GET', 'POST'];

export function CrmSettingsPage({ principal }: { principal: Principal }) {
  const [view, setView] = useState<CrmSettingsView | undefined>(undefined);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [headers, setHeaders] = useState('');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [rules, setRules] = useState<Rule[]>([]);
  const [problems, setProblems] = useState<Set<string>>(new Set());
  const [phone, setPhone] = useState('');
  const [result, setResult] = useState<CrmTestResult | undefined>(undefined);
  const [busy, run] = useAction();

  const show = (v: CrmSettingsView) => {
    setView(v);
    setHeaders(headersToText(v.headers));
    setRules(v.routing.map((r) => ({ ...r })));
    setSecret('');
    setRemoveSecret(false);
  };
  useEffect(() => {
    void run('crm.title', async () => {
      const [v, q] = await Promise.all([crm.settings(), config.queues()]);
      setQueues(q.items);
      show(v);
    });
  }, []);

  const parsed = headersFromText(headers);
  const save = () =>
    view &&
    parsed &&
    void run('crm.save', async () => {
      const { secretSet: _set, ...rest } = view;
      try {
        const saved = await crm.save({ ...rest, headers: parsed, routing: rules, ...(removeSecret ? { secret: null } : secret !== '' ? { secret } : {}) });
        setProblems(new Set());
        show(saved);
        showToast('success', t('crm.saved'));
      } catch (err) {
        if (isApiError(err, 'VALIDATION_FAILED')) {
          const list = (err.details as { problems?: { where: string }[] } | undefined)?.problems ?? [];
          setProblems(new Set(list.map((p) => p.where.split('/').slice(1, 2).join(''))));
        }
        throw err;
      }
    });
  const test = () =>
    void run('crm.test', async () => {
      setResult(await crm.test(phone));
    });

  const set = <K extends keyof CrmSettingsView>(key: K, value: CrmSettingsView[K]) => view && setView({ ...view, [key]: value });
  const err = (key: string) => (problems.has(key) ? { error: t('crm.fieldProblem') } : {});
  const voiceQueues = queues.filter((q) => q.media === 'voice');
  const chatQueues = queues.filter((q) => q.media === 'chat');
  const setRule = (i: number, patch: Partial<Rule>) => setRules(rules.map((r, j) => (j === i ? dropEmpty({ ...r, ...patch }) : r)));

  return (
    <Frame title={t('crm.title')} principal={principal} class="crm-settings-page">
      <section class="panel" aria-labelledby="crm-endpoint-title">
        <h2 id="crm-endpoint-title">{t('crm.endpoint')}</h2>
        <p class="muted">{t('crm.intro')}</p>
        {!view ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <div class="crm-form">
            <label class="check">
              <input type="checkbox" name="enabled" checked={view.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
              {t('crm.enabled')}
            </label>
            <div class="crm-row">
              <Field id="crm-url" label={t('crm.url')} {...err('url')}>
                <input id="crm-url" type="url" value={view.url} placeholder={t('crm.urlExample')} onInput={(e) => set('url', e.currentTarget.value)} />
              </Field>
              <Field id="crm-method" label={t('crm.method')}>
                <select id="crm-method" value={view.method} onChange={(e) => set('method', e.currentTarget.value as CrmSettingsView['method'])}>
                  {HTTP_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field id="crm-headers" label={t('crm.headers')} hint={t('crm.headersHint')} {...(parsed ? err('headers') : { error: t('crm.badHeaders') })}>
              <textarea id="crm-headers" value={headers} placeholder={t('crm.headersExample')} onInput={(e) => setHeaders(e.currentTarget.value)} />
            </Field>
            <div class="crm-row">
              <Field id="crm-secret" label={t('crm.secret')} hint={view.secretSet ? t('crm.secretKept') : t('crm.secretNone')} {...err('secret')}>
                <input id="crm-secret" type="password" autocomplete="new-password" value={secret} disabled={removeSecret} onInput={(e) => setSecret(e.currentTarget.value)} />
              </Field>
              <Field id="crm-secret-header" label={t('crm.secretHeader')} hint={t('crm.secretHeaderHint')} {...err('secretHeader')}>
                <input id="crm-secret-header" value={view.secretHeader} placeholder={t('crm.secretHeaderExample')} onInput={(e) => set('secretHeader', e.currentTarget.value)} />
              </Field>
            </div>
            {view.secretSet && (
              <label class="check">
                <input type="checkbox" name="removeSecret" checked={removeSecret} onChange={(e) => setRemoveSecret(e.currentTarget.checked)} />
                {t('crm.removeSecret')}
              </label>
            )}
            <div class="crm-row">
              <Field id="crm-timeout" label={t('crm.timeout')} {...err('timeoutMs')}>
                <input id="crm-timeout" type="number" min={50} max={5000} step={50} value={view.timeoutMs} onInput={(e) => set('timeoutMs', Number(e.currentTarget.value))} />
              </Field>
              <Field id="crm-ttl" label={t('crm.cacheTtl')} {...err('cacheTtlSeconds')}>
                <input id="crm-ttl" type="number" min={0} max={3600} value={view.cacheTtlSeconds} onInput={(e) => set('cacheTtlSeconds', Number(e.currentTarget.value))} />
              </Field>
            </div>
            <h3>{t('crm.routing')}</h3>
            <p class="muted">{t('crm.routingHint')}</p>
            <table class="crm-rules">
              <thead>
                <tr>
                  <th scope="col">{t('crm.level')}</th>
                  <th scope="col">{t('crm.voiceQueue')}</th>
                  <th scope="col">{t('crm.chatQueue')}</th>
                  <th scope="col">{t('crm.priority')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {rules.length === 0 && (
                  <tr>
                    <td colSpan={5} class="muted">
                      {t('crm.noRules')}
                    </td>
                  </tr>
                )}
                {rules.map((r, i) => (
                  <tr key={i} data-rule={i} class={problems.has('routing') ? 'has-error' : ''}>
                    <td>
                      <input aria-label={t('crm.level')} name={`level-${i}`} value={r.level} onInput={(e) => setRule(i, { level: e.currentTarget.value })} />
                    </td>
                    <td>
                      <select aria-label={t('crm.voiceQueue')} name={`voice-${i}`} value={r.voiceQueueId ?? ''} onChange={(e) => setRule(i, { voiceQueueId: e.currentTarget.value })}>
                        <option value="">{t('crm.unchanged')}</option>
                        {voiceQueues.map((q) => (
                          <option key={q.id} value={q.id}>
                            {q.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select aria-label={t('crm.chatQueue')} name={`chat-${i}`} value={r.chatQueueId ?? ''} onChange={(e) => setRule(i, { chatQueueId: e.currentTarget.value })}>
                        <option value="">{t('crm.unchanged')}</option>
                        {chatQueues.map((q) => (
                          <option key={q.id} value={q.id}>
                            {q.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <input aria-label={t('crm.priority')} name={`priority-${i}`} type="number" min={0} max={100} value={r.priority ?? ''} onInput={(e) => setRule(i, { priority: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })} />
                    </td>
                    <td>
                      <Button label={t('crm.removeRule')} onClick={() => setRules(rules.filter((_, j) => j !== i))} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="actions">
              <Button label={t('crm.addRule')} data-action="add-rule" onClick={() => setRules([...rules, { level: '' }])} />
              <Button label={t('crm.save')} variant="primary" data-action="save-crm" disabled={!parsed} busy={busy === 'crm.save'} onClick={save} />
            </div>
          </div>
        )}
      </section>
      <section class="panel" aria-labelledby="crm-test-title">
        <h2 id="crm-test-title">{t('crm.test')}</h2>
        <p class="muted">{t('crm.testHint')}</p>
        <div class="crm-test-row">
          <Field id="crm-test-phone" label={t('crm.testPhone')}>
            <input id="crm-test-phone" type="tel" value={phone} placeholder="+8613800138000" onInput={(e) => setPhone(e.currentTarget.value)} />
          </Field>
          <Button label={t('crm.runTest')} data-action="test-crm" disabled={phone.trim() === ''} busy={busy === 'crm.test'} onClick={test} />
        </div>
        {result && (
          <div class={`crm-test-result${result.outcome === 'answer' || result.outcome === 'not_found' ? '' : ' is-failure'}`} role="status" data-outcome={result.outcome}>
            <p>{testMessage(result)}</p>
            {result.answer && <CrmCard answer={result.answer} />}
          </div>
        )}
      </section>
    </Frame>
  );
}

/** A select back on "unchanged" or an emptied priority leaves the rule without that part. */
function dropEmpty(r: Rule): Rule {
  const out: Rule = { level: r.level };
  if (r.voiceQueueId) out.voiceQueueId = r.voiceQueueId;
  if (r.chatQueueId) out.chatQueueId = r.chatQueueId;
  if (r.priority !== undefined && !Number.isNaN(r.priority)) out.priority = r.priority;
  return out;
}
