/**
 * The call the agent is on: who, since when, in which state, and the controls the state allows
 * (call-abilities.ts): hold, mute, transfer (blind or attended), consultation steps, three-way,
 * keypad tones, recording pause, hang up. A disabled control says nothing happened because it
 * cannot; an enabled one that fails says why in a toast.
 */
import { useState } from 'preact/hooks';
import { calls } from '../api/endpoints.js';
import type { LiveCall } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Elapsed } from '../kit/Timer.js';
import { abilities } from './call-abilities.js';
import type { DeskStore } from './desk-store.js';
import { Keypad } from './Keypad.js';
import type { ReferenceData } from './reference-data.js';
import { ScreenPop } from './ScreenPop.js';
import { CALL_STATE_KEY } from './state-labels.js';
import { TransferDialog } from './TransferDialog.js';

/** "agent:<id>" / "number:+4930..." as the daemon names a consultation target, in words. */
function consultLabel(target: string | undefined, store: DeskStore): string {
  if (!target) return '';
  const [kind, rest = target] = target.split(/:(.*)/);
  if (kind !== 'agent') return rest;
  return store.directory.value?.agents.find((a) => a.id === rest)?.displayName ?? t('call.aColleague');
}

export function CallPanel({ store, refs, call }: { store: DeskStore; refs: ReferenceData; call: LiveCall }) {
  const can = abilities(call, store.agentId);
  const [busy, run] = useAction();
  const [transferOpen, setTransferOpen] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [sent, setSent] = useState('');

  const act = (what: Parameters<typeof run>[0], fn: () => Promise<{ call: LiveCall } | void | unknown>) =>
    void run(what, async () => {
      const answer = await fn();
      if (answer && typeof answer === 'object' && 'call' in answer) store.call.value = (answer as { call: LiveCall }).call;
      await store.refreshCall();
    });

  const counterpartNumber = call.direction === 'outbound' ? call.to : call.from;
  const consulting = call.state === 'consult_ringing' || call.state === 'consulting' || call.state === 'conference';
  // Talk time is the agent's own: the customer's leg was answered by the IVR long before.
  const myLeg = call.legs.find((l) => l.agentId === store.agentId && l.endedAt === undefined);
  const since = myLeg?.answeredAt ?? myLeg?.createdAt ?? call.startedAt;
  const isBusy = busy !== undefined;

  return (
    <section class="panel call-panel" aria-labelledby="call-title" data-call={call.id} data-call-state={call.state}>
      <header class="call-head">
        <h2 id="call-title">{call.direction === 'outbound' ? t('call.outboundTo', { number: counterpartNumber }) : t('call.inboundFrom', { number: counterpartNumber })}</h2>
        <span class={`badge call-state is-${call.state}`} role="status">
          {t(CALL_STATE_KEY[call.state])}
        </span>
        <Elapsed since={since} class="call-time" label={t('call.duration')} />
      </header>
      <div class="call-flags">
        {call.muted && <span class="badge flag-muted">{t('call.mutedFlag')}</span>}
        {call.recording && <span class="badge flag-rec">{call.recordingPaused ? t('call.recordingPausedFlag') : t('call.recordingFlag')}</span>}
        {can.role === 'consulted' && <span class="badge">{t('call.youAreConsulted')}</span>}
      </div>

      {consulting && can.role === 'talking' && (
        <div class="consult-box" role="group" aria-label={t('call.consultation')}>
          <p>
            {call.state === 'consult_ringing' ? t('call.consultRinging', { target: consultLabel(call.consultTarget, store) }) : call.state === 'conference' ? t('call.inConference', { target: consultLabel(call.consultTarget, store) }) : t('call.consultTalking', { target: consultLabel(call.consultTarget, store) })}
          </p>
          <div class="button-row">
            <Button variant="primary" icon="transfer" label={t('call.completeTransfer')} disabled={!can.completeConsult || isBusy} onClick={() => act('call.completeTransfer', () => calls.completeConsult(call.id))} />
            <Button icon="merge" label={t('call.threeWay')} disabled={!can.conference || isBusy} onClick={() => act('call.threeWay', () => calls.conference(call.id))} />
            <Button icon="close" label={t('call.cancelConsult')} disabled={!can.cancelConsult || isBusy} onClick={() => act('call.cancelConsult', () => calls.cancelConsult(call.id))} />
          </div>
        </div>
      )}

      <div class="call-controls" role="group" aria-label={t('call.controls')}>
        {call.state === 'held' ? (
          <Button icon="play" label={t('call.unhold')} pressed disabled={!can.unhold || isBusy} onClick={() => act('call.unhold', () => calls.unhold(call.id))} />
        ) : (
          <Button icon="pause" label={t('call.hold')} pressed={false} disabled={!can.hold || isBusy} onClick={() => act('call.hold', () => calls.hold(call.id))} />
        )}
        <Button icon={call.muted ? 'micOff' : 'mic'} label={call.muted ? t('call.unmute') : t('call.mute')} pressed={call.muted} disabled={!can.mute || isBusy} onClick={() => act('call.mute', () => calls.mute(call.id, !call.muted))} />
        <Button icon="transfer" label={t('call.transfer')} disabled={!(can.transfer || can.consult) || isBusy} onClick={() => setTransferOpen(true)} />
        <Button icon="keypad" label={t('call.keypad')} pressed={keypadOpen} disabled={!can.dtmf} onClick={() => setKeypadOpen(!keypadOpen)} />
        {call.recording && (
          <Button
            icon={call.recordingPaused ? 'record' : 'pause'}
            label={call.recordingPaused ? t('call.resumeRecording') : t('call.pauseRecording')}
            pressed={call.recordingPaused}
            disabled={!can.recording || isBusy}
            onClick={() => act('call.recording', () => calls.recording(call.id, !call.recordingPaused))}
          />
        )}
        <Button variant="danger" icon="hangup" label={t('call.hangup')} disabled={!can.hangup || isBusy} onClick={() => act('call.hangup', () => calls.hangup(call.id))} />
      </div>

      {keypadOpen && can.dtmf && (
        <div class="dtmf">
          <Keypad
            label={t('call.keypad')}
            onKey={(k) =>
              void run('call.dtmf', async () => {
                await calls.dtmf(call.id, k);
                setSent((s) => (s + k).slice(-24));
              })
            }
          />
          <p class="dtmf-sent" aria-live="polite">
            {sent === '' ? t('call.dtmfNone') : t('call.dtmfSent', { digits: sent })}
          </p>
        </div>
      )}

      <ScreenPop pop={store.pop.value?.callId === call.id ? store.pop.value : null} offered={store.offered.value?.callId === call.id ? store.offered.value : null} call={call} queueName={(id) => refs.queueName(id)} />

      {transferOpen && <TransferDialog open={transferOpen} onClose={() => setTransferOpen(false)} call={call} store={store} />}
    </section>
  );
}
