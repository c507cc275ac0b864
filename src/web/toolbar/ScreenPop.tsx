/**
 * Who is calling, before and during the call: the customer (with a link to their record), how
 * they came (IVR steps with the keys pressed or words said, queue and time waited) and their
 * previous calls. Built from the full screen-pop (/api/calls/:id/pop) when it has arrived, else
 * from what call.offered and the live call already say.
 */
import type { LiveCall, ScreenPop as Pop } from '../api/types.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Icon } from '../kit/Icon.js';
import { Table } from '../kit/Table.js';
import { CrmCard } from '../crm/CrmCard.js';
import type { CallOffered } from './desk-store.js';

/** A stored outcome code in words; a code this page does not know yet is shown as it is. */
export interface PopFacts {
  pop: Pop | null;
  offered: CallOffered | null;
  call: LiveCall | null;
  /** The queue's name for an id (the event and the call carry ids). */
  queueName: (id: string | undefined) => string | undefined;
  /** How long the contact waited, from the desk's offer (when the full pop is not there). */
  waitedMs?: number;
}

export function ScreenPop({ pop, offered, call, queueName, waitedMs }: PopFacts) {
  // The customer's number: who called in, or whom the agent called (an outbound call's `from` is the agent).
  const outbound = call?.direction === 'outbound';
  const from = outbound ? (call?.to ?? '') : (pop?.from ?? offered?.from ?? call?.from ?? '');
  const name = pop?.customer?.name ?? (outbound ? '' : pop?.callerName || offered?.callerName || call?.callerName || '');
  const queue = pop?.queue?.name ?? queueName(offered?.queueId ?? call?.queueId);
  const waited = pop?.waitedMs ?? waitedMs;
  const ivr = pop?.ivr ?? (offered?.ivrPath ?? call?.ivrPath ?? []).map((node) => ({ node, kind: '', digits: undefined as string | undefined, speech: undefined as string | undefined }));
  const customer = pop?.customer ?? null;
  return (
    <div class="screen-pop">
      <div class="pop-caller">
        <Icon name="user" size={28} />
        <div class="pop-caller-text">
          <p class="pop-name">{name || (outbound ? from : t('pop.unknownCaller'))}</p>
          {(name || !outbound) && <p class="pop-number">{from}</p>}
        </div>
        {customer && (
          <a class="pop-link" href={`/app/customers/${encodeURIComponent(customer.id)}`} target="_blank" rel="noopener">
            <Icon name="link" size={16} />
            {t('pop.openCustomer')}
          </a>
        )}
      </div>
      {customer && (
        <dl class="pop-facts">
          {customer.company && (
            <div>
              <dt>{t('pop.company')}</dt>
              <dd>{customer.company}</dd>
            </div>
          )}
          {customer.level && (
            <div>
              <dt>{t('pop.level')}</dt>
              <dd>
                <span class="badge level">{customer.level}</span>
              </dd>
            </div>
          )}
          {customer.tags.length > 0 && (
            <div>
              <dt>{t('pop.tags')}</dt>
              <dd>
                <ul class="tags">
                  {customer.tags.map((tag) => (
                    <li key={tag} class="badge">
                      {tag}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      )}
      {!customer && pop && <p class="muted pop-new">{t('pop.noCustomer')}</p>}
      {pop?.crm && <CrmCard answer={pop.crm} />}
      <dl class="pop-facts">
        {queue && (
          <div>
            <dt>{t('pop.queue')}</dt>
            <dd data-pop="queue">{queue}</dd>
          </div>
        )}
        {waited !== undefined && queue && (
          <div>
            <dt>{t('pop.waited')}</dt>
            <dd data-pop="waited">{formatDuration(waited)}</dd>
          </div>
        )}
      </dl>
      {ivr.length > 0 && (
        <div class="pop-ivr">
          <h3>{t('pop.ivrPath')}</h3>
          <ol class="ivr-path" data-pop="ivr">
            {ivr.map((step, i) => (
              <li key={`${i}-${step.node}`}>
                <span class="ivr-node">{step.node}</span>
                {step.digits && <kbd class="ivr-digits" aria-label={t('pop.pressed', { digits: step.digits })}>{step.digits}</kbd>}
                {step.speech && <q class="ivr-speech">{step.speech}</q>}
              </li>
            ))}
          </ol>
        </div>
      )}
      {pop && (
        <Table
          caption={t('pop.previousCalls')}
          rowKey={(r) => r.id}
          rows={pop.previousCalls}
          empty={t('pop.noPreviousCalls')}
          columns={[
            { key: 'when', header: t('pop.when'), cell: (r) => formatDateTime(r.startedAt) },
            { key: 'direction', header: t('pop.direction'), cell: (r) => (r.direction === 'outbound' ? t('pop.outbound') : t('pop.inbound')) },
            { key: 'outcome', header: t('pop.outcome'), cell: (r) => outcomeText(r.outcome) },
            { key: 'agent', header: t('pop.agent'), cell: (r) => r.agentName ?? r.queueName ?? '' },
          ]}
        />
      )}
    </div>
  );
}
