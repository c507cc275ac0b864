/**
 * The compose box's screenshot and screen-recording buttons: each capture goes out as an ordinary
 * upload (the same checks, limits and refusals as any file the visitor sends).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canCaptureScreen, recordScreen, screenshot, type ScreenRecording } from '../assist/screen-capture.js';
import type { Translate } from './i18n.js';
import { Icon } from '../kit/Icon.js';

export function ScreenButtons({ t, upload }: { t: Translate; upload: (file: File) => void }) {
  const [recording, setRecording] = useState<ScreenRecording | undefined>();
  const [failed, setFailed] = useState(false);
  const live = useRef<ScreenRecording | undefined>(undefined);
  live.current = recording;
  // A recording still running when the panel closes is thrown away (and the capture released).
  useEffect(() => () => live.current?.cancel(), []);
  if (!canCaptureScreen()) return null;
  const fail = (err: unknown) => {
    console.warn('switchboard chat: the screen was not captured', err);
    setFailed(true);
  };
  const shoot = () => {
    setFailed(false);
    screenshot().then(upload, fail);
  };
  const toggle = () => {
    if (recording) {
      // Cleared before stopping, so the recording's own `done` does not send it a second time.
      live.current = undefined;
      setRecording(undefined);
      recording.stop().then(upload, fail);
      return;
    }
    setFailed(false);
    recordScreen().then((r) => {
      setRecording(r);
      // Stopped from the browser's own bar or by the time limit: sent all the same.
      r.done.then(
        (file) => {
          if (live.current === r) {
            setRecording(undefined);
            upload(file);
          }
        },
        (err: unknown) => console.info('switchboard chat: screen recording ended without a clip', err),
      );
    }, fail);
  };
  return (
    <>
      <button type="button" class="shot" aria-label={t('capture.screenshot')} title={t('capture.screenshot')} onClick={shoot}>
        <Icon name="camera" />
      </button>
      <button
        type="button"
        class="screen-rec"
        data-recording={recording ? '' : undefined}
        aria-pressed={recording !== undefined}
        aria-label={recording ? t('capture.stopRecord') : t('capture.record')}
        title={recording ? t('capture.stopRecord') : t('capture.record')}
        onClick={toggle}
      >
        <Icon name={recording ? 'stop' : 'screenRecord'} />
      </button>
      {recording && (
        <p class="notice screen-recording" role="status">
          {t('capture.recording')}
        </p>
      )}
      {failed && (
        <p class="error" role="alert" data-code="CAPTURE">
          {t('capture.failed')}
        </p>
      )}
    </>
  );
}
