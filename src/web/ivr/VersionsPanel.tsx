/**
 * Every stored version of the open flow, newest first, each readable in full (its text is fetched
 * when asked for). An editor may put an older text back into the editor; saving it is a new version.
 */
import { useState } from 'preact/hooks';
import { ivrApi, type FlowVersion } from '../api/ivr.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';

export interface VersionsPanelProps {
  flow: string;
  versions: FlowVersion[] | undefined;
  running: number | null;
  /** Set when the user may edit: puts a version's text into the editor. */
  onUse?: ((source: string) => void) | undefined;
}

export function VersionsPanel({ flow, versions, running, onUse }: VersionsPanelProps) {
  const [open, setOpen] = useState<FlowVersion | undefined>(undefined);
  const [busy, run] = useAction();
  const show = (v: FlowVersion) =>
    void run('ivr.versions.view', async () => {
      setOpen(await ivrApi.version(flow, v.version));
    });
  return (
    <section class="panel ivr-versions" aria-labelledby="ivr-versions-title">
      <h2 id="ivr-versions-title">{t('ivr.versions.title')}</h2>
      {!versions ? (
        <p role="status">{t('common.loading')}</p>
      ) : versions.length === 0 ? (
        <p class="muted">{t('ivr.versions.none')}</p>
      ) : (
        <ol class="ivr-version-list">
          {versions.map((v) => (
            <li key={v.version} class="ivr-version" data-version={v.version}>
              <span class="ivr-version-name">
                {t('ivr.versions.name', { version: v.version })}
                {v.version === running && <span class="badge ivr-badge-valid">{t('ivr.versions.running')}</span>}
              </span>
              <span class="muted ivr-version-when">
                {v.changedBy === null
                  ? t('ivr.versions.fromDisk', { when: formatDateTime(v.changedAt) })
                  : v.changedByName
                    ? t('ivr.versions.savedBy', { name: v.changedByName, when: formatDateTime(v.changedAt) })
                    : t('ivr.versions.saved', { when: formatDateTime(v.changedAt) })}
              </span>
              <Button label={t('ivr.versions.view')} variant="ghost" icon="eye" busy={busy !== undefined} data-action="view-version" onClick={() => show(v)} />
            </li>
          ))}
        </ol>
      )}
      <Dialog
        open={open !== undefined}
        title={open ? t('ivr.versions.dialogTitle', { flow, version: open.version }) : ''}
        onClose={() => setOpen(undefined)}
        class="ivr-version-dialog"
        footer={
          onUse &&
          open?.source !== undefined && (
            <Button
              label={t('ivr.versions.use')}
              data-action="use-version"
              onClick={() => {
                if (open.source !== undefined) onUse(open.source);
                setOpen(undefined);
              }}
            />
          )
        }
      >
        <pre class="ivr-version-source" data-testid="version-source">
          {open?.source}
        </pre>
      </Dialog>
    </section>
  );
}
