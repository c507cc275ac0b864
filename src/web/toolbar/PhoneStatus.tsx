/**
 * The browser phone's line in the state bar: whether calls can reach this browser now, the last
 * failure in words (allow the microphone, the PBX is unreachable) with a Reconnect button, and
 * the choice of microphone and loudspeaker. Agents on a desk phone see nothing of it.
 */
import { useId, useState } from 'preact/hooks';
import { hasKey, t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { Field } from '../kit/Field.js';
import type { AudioDevice } from '../softphone/index.js';
import type { BrowserPhone } from './browser-phone.js';

const STATUS_KEY = {
  loading: 'softphone.status.loading',
  connecting: 'softphone.status.connecting',
  registered: 'softphone.status.registered',
  failed: 'softphone.status.failed',
} as const;

function DeviceSelect({ label, devices, value, onChange }: { label: string; devices: AudioDevice[]; value: string; onChange: (id: string) => void }) {
  const id = useId();
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('softphone.defaultDevice')}</option>
        {devices
          .filter((d) => d.deviceId !== '' && d.deviceId !== 'default')
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('softphone.unnamedDevice', { n: i + 1 })}
            </option>
          ))}
      </select>
    </Field>
  );
}

function DeviceDialog({ phone, onClose }: { phone: BrowserPhone; onClose: () => void }) {
  const devices = phone.devices.value;
  const chosen = phone.chosen.value;
  return (
    <Dialog open title={t('softphone.devices')} onClose={onClose} class="device-dialog">
      {!devices ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <DeviceSelect label={t('softphone.microphone')} devices={devices.inputs} value={chosen.input ?? ''} onChange={(id) => void phone.chooseInput(id)} />
          {devices.outputSelectable ? (
            <DeviceSelect label={t('softphone.speaker')} devices={devices.outputs} value={chosen.output ?? ''} onChange={(id) => void phone.chooseOutput(id)} />
          ) : (
            <p class="muted">{t('softphone.outputFixed')}</p>
          )}
        </>
      )}
    </Dialog>
  );
}

export function PhoneStatus({ phone }: { phone: BrowserPhone }) {
  const status = phone.status.value;
  const [devicesOpen, setDevicesOpen] = useState(false);
  if (status === 'off') return null;
  const failure = phone.failure.value;
  const failureKey = failure ? `error.${failure}` : undefined;
  return (
    <div class={`phone-status is-${status}`} data-softphone={status} role="status">
      <span class="phone-dot" aria-hidden="true" />
      <span class="phone-label">{phone.ringing.value ? t('softphone.ringingHere') : t(STATUS_KEY[status])}</span>
      {status === 'failed' && failureKey && hasKey(failureKey) && <span class="phone-failure">{t(failureKey)}</span>}
      {status === 'failed' && <Button label={t('softphone.retry')} icon="phone" variant="ghost" onClick={() => void phone.retry()} />}
      {status === 'registered' && (
        <Button
          label={t('softphone.devices')}
          icon="mic"
          iconOnly
          variant="ghost"
          onClick={() => {
            setDevicesOpen(true);
            void phone.loadDevices();
          }}
        />
      )}
      {devicesOpen && <DeviceDialog phone={phone} onClose={() => setDevicesOpen(false)} />}
    </div>
  );
}
