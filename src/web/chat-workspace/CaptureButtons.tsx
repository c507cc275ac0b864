/** The agent's screenshot and screen-recording buttons: each capture is sent as an ordinary chat upload. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canCaptureScreen, recordScreen, screenshot, type ScreenRecording } from '../assist/screen-capture.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';

export function CaptureButtons({ onFile }: { onFile: (file: File) => void }) {
  const [recording, setRecording] = useState<ScreenRecording | undefined>();
  const live = useRef<ScreenRecording | undefined>(undefined);
  live.current = recording;
  // A recording still running when the chat leaves the screen is thrown away.
  useEffect(() => () => live.current?.cancel(), []);
  if (!canCaptureScreen()) return null;
  const fail = (err: unknown) => reportError('capture.failed', err);
  const toggle = () => {
    if (recording) {
      live.current = undefined;
      setRecording(undefined);
      recording.stop().then(onFile, fail);
      return;
    }
    recordScreen().then((r) => {
      setRecording(r);
      // Stopped by the browser's own bar or the time limit: sent all the same.
      r.done.then(
        (file) => {
          if (live.current !== r) return;
          setRecording(undefined);
          onFile(file);
        },
        (err: unknown) => console.info('screen recording ended without a clip', err),
      );
    }, fail);
  };
  return (
    <>
      <Button class="chat-screenshot" icon="camera" label={t('capture.screenshot')} onClick={() => void screenshot().then(onFile, fail)} />
      <Button class="chat-screen-record" icon={recording ? 'stop' : 'record'} label={recording ? t('capture.stopRecord') : t('capture.record')} variant={recording ? 'danger' : 'secondary'} pressed={recording !== undefined} onClick={toggle} />
    </>
  );
}
