/**
 * /app/customers: every customer (by name) and a search box that finds them by name (start,
 * anywhere, or similar: a typo) or by any identity (phone digits, e-mail, chat or messaging id).
 * Results follow the typing: a request goes 250 ms after the last key, and an answer to an older
 * text is dropped (aborted), so the list always belongs to what the box shows. Holders of
 * customer.export download every customer as CSV (with a byte-order mark for Excel).
 */
import { useEffect, useState } from 'preact/hooks';
import { customers } from '../api/endpoints.js';
import type { Customer, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { navigate } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import { Table } from '../kit/Table.js';
import { reportError } from '../kit/toast-store.js';
import { ExportButton } from '../records/ExportButton.js';
import { CustomFieldsPanel } from './CustomFieldsPanel.js';
import { levelText } from './ProfileView.js';

export const SEARCH_DEBOUNCE_MS = 250;

type Results = { kind: 'loading' } | { kind: 'ready'; text: string; items: Customer[]; total?: number };

export function CustomerListPage({ principal }: { principal: Principal }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<Results>({ kind: 'loading' });

  useEffect(() => {
    const ask = new AbortController();
    const q = text.trim();
    const timer = setTimeout(
      () => {
        const answer = q === '' ? customers.list(ask.signal).then((p) => ({ items: p.items, total: p.total })) : customers.search(q, ask.signal);
        answer.then(
          (r) => setResults({ kind: 'ready', text: q, ...r }),
          (err: unknown) => {
            // An answer to an older text, aborted on purpose.
            if (ask.signal.aborted) return;
            reportError('customers.search', err);
          },
        );
      },
      q === '' ? 0 : SEARCH_DEBOUNCE_MS,
    );
    return () => {
      clearTimeout(timer);
      ask.abort();
    };
  }, [text]);

  const open = (c: Customer) => navigate(`customers/${encodeURIComponent(c.id)}`);

  return (
    <Frame title={t('customers.title')} principal={principal} class="customer-list-page">
      <section class="panel">
        <div class="field customer-search">
          <label for="customer-search">{t('customers.search')}</label>
          <input id="customer-search" type="search" value={text} autoComplete="off" aria-describedby="customer-search-hint" onInput={(e) => setText(e.currentTarget.value)} />
          <p class="field-hint" id="customer-search-hint">
            {t('customers.searchHint')}
          </p>
        </div>
        {results.kind === 'loading' ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            <div class="customer-list-head">
              <p class="muted" role="status" aria-live="polite">
                {results.text === '' ? t('customers.total', { count: String(results.total ?? results.items.length) }) : t('customers.found', { count: String(results.items.length) })}
              </p>
              {principal.permissions.includes('customer.export') && <ExportButton url={customers.exportUrl('xlsx-csv')} />}
            </div>
            <Table
              caption={t('customers.title')}
              hideCaption
              rowKey={(c) => c.id}
              rows={results.items}
              empty={results.text === '' ? t('customers.none') : t('customers.noMatch')}
              columns={[
                {
                  key: 'name',
                  header: t('customer.name'),
                  cell: (c) => (
                    <a
                      href={`/app/customers/${encodeURIComponent(c.id)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        open(c);
                      }}
                    >
                      {c.name}
                    </a>
                  ),
                },
                { key: 'company', header: t('pop.company'), cell: (c) => c.company },
                { key: 'level', header: t('pop.level'), cell: (c) => levelText(c.level) },
                { key: 'phones', header: t('customer.phones'), cell: (c) => c.phones.join(', ') },
                { key: 'emails', header: t('customer.emails'), cell: (c) => c.emails.join(', ') },
              ]}
            />
          </>
        )}
      </section>
      {principal.permissions.includes('config.edit') && <CustomFieldsPanel />}
    </Frame>
  );
}
