/**
 * Permissions granted per role (admins, users.manage; GET/PUT /api/role-grants): a grid of the
 * grantable permissions by role. Each row is saved on its own (one PUT per permission), and what
 * the daemon refused is said in words in that row, next to the boxes, until the next try. Admins
 * hold every permission whatever is stored: their column is ticked and cannot be changed.
 */
import { useEffect, useState } from 'preact/hooks';
import { roleGrants, type RoleGrantsView } from '../api/endpoints.js';
import type { Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { hasKey, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { errorText } from '../kit/toast-store.js';
import { differs, GRID_ROLES, normalRoles, toggled, type GridRole } from './grant-grid.js';
import './role-grants.css';

/** A permission in words; one the page does not know yet (a newer daemon) by its name. */
const permissionName = (p: string) => {
  const key = `roleGrants.perm.${p}`;
  return hasKey(key) ? t(key) : p;
};
const roleName = (r: GridRole) => t(`roleGrants.role.${r}`);

/** A refusal keeps the error, not its text: the words follow a change of language. */
type RowStatus = { kind: 'saved' } | { kind: 'refused'; err: unknown };

export function RoleGrantsPage({ principal }: { principal: Principal }) {
  const [saved, setSaved] = useState<RoleGrantsView | undefined>(undefined);
  const [shown, setShown] = useState<RoleGrantsView>({});
  const [status, setStatus] = useState<Record<string, RowStatus>>({});
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [, run] = useAction();

  const show = (g: RoleGrantsView) => {
    setSaved(g);
    setShown(Object.fromEntries(Object.entries(g).map(([p, roles]) => [p, normalRoles(roles)])));
  };
  useEffect(() => {
    void run('roleGrants.load', async () => show(await roleGrants.get()));
  }, []);

  const save = async (permission: string) => {
    setBusy(permission);
    try {
      const answer = await roleGrants.set(permission, normalRoles(shown[permission] ?? []));
      // Only this row takes the answer: another row's unsaved ticks stay as they are.
      setSaved(answer);
      setShown((s) => ({ ...s, [permission]: normalRoles(answer[permission] ?? []) }));
      setStatus((s) => ({ ...s, [permission]: { kind: 'saved' } }));
    } catch (err) {
      // Said in the row, where the admin looks; the console keeps the details.
      console.warn(`saving the roles of ${permission} failed`, err);
      setStatus((s) => ({ ...s, [permission]: { kind: 'refused', err } }));
    } finally {
      setBusy(undefined);
    }
  };

  const permissions = saved ? Object.keys(saved) : [];
  const rowStatus = (p: string) => {
    const s = status[p];
    const dirty = saved ? differs(saved[p] ?? [], shown[p] ?? []) : false;
    if (s?.kind === 'refused') return <span class="grant-status is-refused" role="alert">{t('roleGrants.refused', { reason: errorText(s.err).text })}</span>;
    if (dirty) return <span class="grant-status is-dirty">{t('roleGrants.unsaved')}</span>;
    if (s?.kind === 'saved') return <span class="grant-status is-saved" role="status">{t('roleGrants.saved', { permission: permissionName(p) })}</span>;
    return null;
  };

  return (
    <Frame title={t('roleGrants.title')} principal={principal} class="role-grants-page">
      <section class="panel">
        <p class="muted role-grants-intro">{t('roleGrants.intro')}</p>
        {saved && (
          <Table
            caption={t('roleGrants.caption')}
            rowKey={(p) => p}
            rows={permissions}
            empty={t('common.loading')}
            columns={[
              { key: 'permission', header: t('roleGrants.permission'), cell: (p) => <span class="grant-permission">{permissionName(p)}</span> },
              ...GRID_ROLES.map((role) => ({
                key: role,
                header: roleName(role),
                cell: (p: string) => (
                  <input
                    type="checkbox"
                    class="grant-box"
                    data-permission={p}
                    data-role={role}
                    aria-label={t('roleGrants.cell', { permission: permissionName(p), role: roleName(role) })}
                    title={role === 'admin' ? t('roleGrants.adminAlways') : undefined}
                    checked={role === 'admin' || (shown[p] ?? []).includes(role)}
                    disabled={role === 'admin' || busy === p}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setShown((s) => ({ ...s, [p]: toggled(s[p] ?? [], role, on) }));
                      setStatus((s) => {
                        const { [p]: _gone, ...rest } = s;
                        return rest;
                      });
                    }}
                  />
                ),
              })),
              {
                key: 'save',
                header: t('roleGrants.save'),
                cell: (p) => (
                  <div class="grant-save">
                    <Button label={t('roleGrants.save')} aria-label={t('roleGrants.saveLabel', { permission: permissionName(p) })} variant="primary" class="grant-save-button" data-permission={p} disabled={!differs(saved[p] ?? [], shown[p] ?? [])} busy={busy === p} onClick={() => void save(p)} />
                    {rowStatus(p)}
                  </div>
                ),
              },
            ]}
          />
        )}
      </section>
    </Frame>
  );
}
