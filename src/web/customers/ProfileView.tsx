/**
 * A customer's profile as read: level, tags, company, every identity (numbers with a call button
 * for agents), the free profile section, the custom fields an admin defined, and notes. An empty
 * entry is left out rather than shown as "none", except numbers and e-mails, which agents look for.
 */
import type { Customer, CustomField } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { hasKey, t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';

export interface ProfileViewProps {
  customer: Customer;
  fields: CustomField[];
  canDial: boolean;
  canEdit: boolean;
  busy: boolean;
  dialed: string | undefined;
  onDial: (n: string) => void;
  onEdit: () => void;
  onMerge: () => void;
}

function Fact({ label, value, class: cls }: { label: string; value: string | undefined; class?: string }) {
  if (!value) return null;
  return (
    <div {...(cls ? { class: cls } : {})}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function ProfileView({ customer: c, fields, canDial, canEdit, busy, dialed, onDial, onEdit, onMerge }: ProfileViewProps) {
  const customText = (f: CustomField) => {
    const v = c.custom[f.key];
    return v === undefined ? undefined : String(v);
  };
  return (
    <section class="panel customer-profile" aria-labelledby="customer-name">
      <div class="customer-profile-head">
        <h2 id="customer-name">
          {c.name} <span class={`badge level level-${c.level}`}>{levelText(c.level)}</span>
        </h2>
        {canEdit && (
          <div class="customer-actions">
            <Button label={t('customer.edit')} icon="user" onClick={onEdit} />
            <Button label={t('customer.merge')} icon="merge" onClick={onMerge} />
          </div>
        )}
      </div>
      {c.tags.length > 0 && (
        <ul class="tags" aria-label={t('pop.tags')}>
          {c.tags.map((tag) => (
            <li key={tag} class="badge">
              {tag}
            </li>
          ))}
        </ul>
      )}
      <dl class="customer-facts">
        <Fact label={t('pop.company')} value={c.company} />
        <div>
          <dt>{t('customer.phones')}</dt>
          <dd>
            {c.phones.length === 0 && <span class="muted">{t('customer.none')}</span>}
            <ul class="customer-phones">
              {c.phones.map((n) => (
                <li key={n}>
                  <span class="number">{n}</span>
                  {canDial && <Button label={t('dial.call')} aria-label={t('customer.callNumber', { number: n })} icon="phone" variant="success" busy={busy} onClick={() => onDial(n)} />}
                </li>
              ))}
            </ul>
            {dialed && (
              <p class="muted" role="status">
                {t('customer.dialing', { number: dialed })}
              </p>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('customer.emails')}</dt>
          <dd>{c.emails.length > 0 ? c.emails.join(', ') : <span class="muted">{t('customer.none')}</span>}</dd>
        </div>
        <Fact label={t('customer.chatVisitors')} value={c.chatVisitors.join(', ')} />
        <Fact label={t('customer.messaging')} value={c.messaging.map((m) => `${m.platform}: ${m.id}`).join(', ')} />
        <Fact label={t('customer.age')} value={c.profile.age === undefined ? undefined : String(c.profile.age)} />
        <Fact label={t('customer.gender')} value={c.profile.gender} />
        <Fact label={t('customer.preferences')} value={c.profile.preferences} class="customer-notes" />
        <Fact label={t('customer.needs')} value={c.profile.needs} class="customer-notes" />
        {fields.map((f) => (
          <Fact key={f.id} label={f.label} value={customText(f)} />
        ))}
        <div>
          <dt>{t('customer.since')}</dt>
          <dd>{formatDateTime(c.createdAt)}</dd>
        </div>
        <Fact label={t('customer.notes')} value={c.notes} class="customer-notes" />
      </dl>
    </section>
  );
}

export function levelText(level: string): string {
  const key = `customer.level.${level}`;
  return hasKey(key) ? t(key) : level;
}
