/**
 * The remote-assistance recording switch (issue 20, docs/remote-assistance.md) on the chat settings
 * page: off by default; a change is saved at once (config.edit; the daemon audits it) and applies
 * to shares and video calls asked for afterwards, whose visitors are told before they agree.
 */
import { useEffect, useState } from 'preact/hooks';
import { screenShares } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';

export function AssistRecordingSwitch({ canEdit }: { canEdit: boolean }) {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const [busy, run] = useAction();
  useEffect(() => {
    void run('assistAdmin.save', async () => setOn((await screenShares.settings()).recordShares));
  }, []);
  const change = (next: boolean) => {
    // The box shows the click at once; a refused save puts it back (and the toast says why).
    const before = on;
    setOn(next);
    setSaved(false);
    void run('assistAdmin.save', async () => {
      try {
        setOn((await screenShares.saveSettings(next)).recordShares);
        setSaved(true);
      } catch (err) {
        setOn(before);
        throw err;
      }
    });
  };
  return (
    <section class="panel assist-admin" aria-labelledby="assist-admin-title">
      <h2 id="assist-admin-title">{t('assistAdmin.title')}</h2>
      {on === undefined ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <label class="assist-record">
            <input type="checkbox" name="record-shares" checked={on} disabled={!canEdit || busy !== undefined} onChange={(e) => change((e.target as HTMLInputElement).checked)} /> {t('assistAdmin.record')}
          </label>
          <p class="muted">{t('assistAdmin.recordHelp')}</p>
          {saved && (
            <p class="assist-saved" role="status">
              {t('assistAdmin.saved')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
