/**
 * Read-only wallboard tokens: a wall PC opens the link once and needs no personal login. The
 * token is shown once, right after it is made (the daemon keeps only its hash); revoking one closes
 * the wallboards that use it.
 */
import { useEffect, useState } from 'preact/hooks';
import { floorSettings } from '../api/endpoints.js';
import type { WallboardToken } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';

export function WallboardTokens() {
  const [tokens, setTokens] = useState<WallboardToken[]>([]);
  const [name, setName] = useState('');
  const [link, setLink] = useState<string | undefined>(undefined);
  const [busy, run] = useAction();
  const load = () =>
    void run('floorSettings.loadTokens', async () => {
      setTokens(await floorSettings.tokens());
    });
  useEffect(load, []);

  const create = () =>
    void run('floorSettings.createTokenAction', async () => {
      const made = await floorSettings.createToken(name);
      setLink(`${window.location.origin}/app/wallboard?token=${encodeURIComponent(made.token)}`);
      setName('');
      setTokens(await floorSettings.tokens());
    });
  const revoke = (id: string) =>
    void run('floorSettings.revokeToken', async () => {
      await floorSettings.revokeToken(id);
      setTokens(await floorSettings.tokens());
    });

  return (
    <section class="panel wallboard-tokens" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('floorSettings.tokens')}</h2>
      <p class="muted">{t('floorSettings.tokensIntro')}</p>
      <div class="token-new">
        <Field id="token-name" label={t('floorSettings.tokenName')}>
          <input id="token-name" name="token-name" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Button label={t('floorSettings.createToken')} variant="primary" data-action="create-token" disabled={name.trim() === ''} busy={busy === 'floorSettings.createTokenAction'} onClick={create} />
      </div>
      {link && (
        <div class="token-link" role="status">
          <Field id="token-link" label={t('floorSettings.tokenLink')} hint={t('floorSettings.tokenOnce')}>
            <input id="token-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} aria-describedby="token-link-hint" />
          </Field>
        </div>
      )}
      <Table
        caption={t('floorSettings.tokens')}
        hideCaption
        rows={tokens}
        rowKey={(r) => r.id}
        empty={t('floorSettings.noTokens')}
        columns={[
          { key: 'name', header: t('floorSettings.tokenName'), cell: (r) => r.name },
          { key: 'created', header: t('floorSettings.created'), cell: (r) => formatDateTime(r.createdAt) },
          { key: 'state', header: t('floorSettings.tokenState'), cell: (r) => (r.revokedAt === null ? t('floorSettings.active') : t('floorSettings.revokedAt', { at: formatDateTime(r.revokedAt) })) },
          {
            key: 'actions',
            header: t('floorSettings.actions'),
            cell: (r) => (r.revokedAt === null ? <Button label={t('floorSettings.revoke')} variant="danger" data-action="revoke-token" data-token={r.id} onClick={() => revoke(r.id)} /> : null),
          },
        ]}
      />
    </section>
  );
}
