/**
 * A customer's record: who they are (level, tags, company, identities, profile, custom fields,
 * notes; edited in place by users holding customer.edit) and every call with them, newest first. The toolbar's screen-pop opens it in a tab of its own; an agent calls a
 * number from here with one click (the call rings the agent's own phone first, as from the dial
 * pad, and the toolbar tab shows it).
 */
import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { calls, customers } from '../api/endpoints.js';
import type { Customer, CustomField, Principal, TimelinePage } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { current } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { reportError } from '../kit/toast-store.js';
import { CustomerListPage } from './CustomerListPage.js';
import { CustomerTimeline } from './CustomerTimeline.js';
import { CustomerFormAnswers } from './CustomerFormAnswers.js';
import { MergeDialog } from './MergeDialog.js';
import { MergeHistory } from './MergeHistory.js';
import { ProfileEditor } from './ProfileEditor.js';
import { ProfileView } from './ProfileView.js';
import './customers.css';

interface CustomerRecord {
  customer: Customer;
  timeline: TimelinePage;
  fields: CustomField[];
}

type Load = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed' } | { kind: 'ready'; record: CustomerRecord };

/** /app/customers lists and searches; /app/customers/<id> is one customer's record. */
export function CustomerPage({ principal }: { principal: Principal }) {
  const id = current.value.path[0];
  return id === undefined ? <CustomerListPage principal={principal} /> : <CustomerRecordPage id={id} principal={principal} />;
}

function CustomerRecordPage({ id, principal }: { id: string; principal: Principal }) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, run] = useAction();
  const [dialed, setDialed] = useState<string | undefined>(undefined);
  // Bumped after a merge or its undo: the record is read again.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    Promise.all([customers.get(id), customers.timeline(id), customers.fields()]).then(
      ([customer, timeline, fields]) => live && setLoad({ kind: 'ready', record: { customer, timeline, fields: fields.items } }),
      (err: unknown) => {
        if (!live) return;
        // No such customer (or a bad address) is this page's own message, not a toast.
        if (isApiError(err) && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) setLoad({ kind: 'missing' });
        else {
          setLoad({ kind: 'failed' });
          reportError('customer.load', err);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [id, version]);

  const dial = (number: string) =>
    void run('customer.call', async () => {
      await calls.dial(number);
      setDialed(number);
    });

  const title = load.kind === 'ready' ? load.record.customer.name : t('customer.title');
  return (
    <Frame title={title} principal={principal} class="customer-page">
      {load.kind === 'loading' && (
        <p class="panel" role="status">
          {t('common.loading')}
        </p>
      )}
      {load.kind === 'missing' && (
        <p class="panel" role="alert">
          {t('customer.notFound')}
        </p>
      )}
      {load.kind === 'failed' && (
        <p class="panel" role="alert">
          {t('customer.loadFailed')}
        </p>
      )}
      {load.kind === 'ready' && (
        <Record
          key={id}
          record={load.record}
          principal={principal}
          busy={busy !== undefined}
          dialed={dialed}
          onDial={dial}
          onSaved={(customer) => setLoad((l) => (l.kind === 'ready' ? { kind: 'ready', record: { ...l.record, customer } } : l))}
          reload={() => setVersion((v) => v + 1)}
          version={version}
        />
      )}
    </Frame>
  );
}

interface RecordProps {
  record: CustomerRecord;
  principal: Principal;
  busy: boolean;
  dialed: string | undefined;
  onDial: (n: string) => void;
  onSaved: (c: Customer) => void;
  reload: () => void;
  version: number;
}

function Record({ record, principal, busy, dialed, onDial, onSaved, reload, version }: RecordProps) {
  const customer = record.customer;
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const canUndoMerges = principal.permissions.includes('config.edit');
  const canDial = principal.agentId !== undefined && principal.permissions.includes('agent.self');
  const canEdit = principal.permissions.includes('customer.edit');
  return (
    <div class="customer-record">
      <div class="customer-side">
      {editing ? (
        <ProfileEditor
          customer={customer}
          fields={record.fields}
          onCancel={() => setEditing(false)}
          onSaved={(c) => {
            onSaved(c);
            setEditing(false);
          }}
        />
      ) : (
        <ProfileView
          customer={customer}
          fields={record.fields}
          canDial={canDial}
          canEdit={canEdit}
          busy={busy}
          dialed={dialed}
          onDial={onDial}
          onEdit={() => setEditing(true)}
          onMerge={() => setMerging(true)}
        />
      )}
      {canUndoMerges && <MergeHistory customerId={customer.id} version={version} onUndone={reload} />}
      </div>
      <MergeDialog
        open={merging}
        kept={customer}
        onClose={() => setMerging(false)}
        onMerged={() => {
          setMerging(false);
          reload();
        }}
      />
      <CustomerTimeline customerId={customer.id} first={record.timeline} />
      <CustomerFormAnswers customerId={customer.id} />
    </div>
  );
}
