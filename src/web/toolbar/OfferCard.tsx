/**
 * What rings for the agent, with the screen-pop before they answer: a call from a queue (answer on
 * the phone, or reject), a colleague's consultation (pick up, or decline), or a chat (accept or
 * reject). Rings visibly here and audibly through the page's ringer.
 */
import { useEffect } from 'preact/hooks';
import { agent, calls } from '../api/endpoints.js';
import type { Offer } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Icon } from '../kit/Icon.js';
import { Countdown } from '../kit/Timer.js';
import { roleOf } from './call-abilities.js';
import type { DeskStore } from './desk-store.js';
import { phoneAnswerer } from './phone-answer.js';
import type { ReferenceData } from './reference-data.js';
import type { ToneState } from './ringer.js';
import { ScreenPop } from './ScreenPop.js';

function PickUpHint({ phone }: { phone: string | null | undefined }) {
  return (
    <p class="pickup-hint">
      <Icon name="phone" />
      {phone ? t('offer.pickUpPhone', { phone }) : t('offer.pickUp')}
    </p>
  );
}

/** phoneRinging: the browser phone rings now, so its Answer button can show (re-rendered on change). */
export function OfferCard({ store, refs, tone, phoneRinging = false }: { store: DeskStore; refs: ReferenceData; tone: ToneState; phoneRinging?: boolean }) {
  const desk = store.desk.value;
  const call = store.call.value;
  const [busy, run] = useAction();
  const consulted = desk && call && roleOf(call, store.agentId) === 'consulted' && store.ringing.value ? call : null;
  useEffect(() => {
    if (consulted) void store.ensureDirectory();
  }, [consulted?.id]);
  if (!desk) return null;
  const offer: Offer | undefined = desk.offers[0];
  if (!offer && !consulted) return null;
  const voiceCall = offer?.media === 'voice' || consulted ? call : null;
  const answerer = phoneRinging ? phoneAnswerer() : undefined;
  const waitedMs = offer ? Math.max(0, offer.offeredAt - offer.contact.enqueuedAt) : undefined;
  const consulting = consulted?.agentId ? store.directory.value?.agents.find((a) => a.id === consulted.agentId)?.displayName : undefined;
  const title = consulted ? (consulting ? t('offer.consultFrom', { name: consulting }) : t('offer.consultTitle')) : offer?.media === 'chat' ? t('offer.chatTitle') : t('offer.callTitle');

  return (
    <section class="panel offer-card is-ringing" aria-labelledby="offer-title" data-tone={tone} data-offer={offer?.id ?? `consult:${consulted?.id ?? ''}`}>
      <header class="offer-head">
        <Icon name="bell" />
        <h2 id="offer-title">{title}</h2>
        <span class="visually-hidden" role="alert">
          {title}
        </span>
        {offer && (
          <span class="offer-expiry">
            {t('offer.expiresIn')} <Countdown until={offer.expiresAt} />
          </span>
        )}
      </header>
      <ScreenPop pop={store.pop.value?.callId === voiceCall?.id ? store.pop.value : null} offered={store.offered.value?.callId === voiceCall?.id ? store.offered.value : null} call={voiceCall} queueName={(id) => refs.queueName(id ?? offer?.queueId)} {...(waitedMs !== undefined ? { waitedMs } : {})} />
      {tone === 'blocked' && <p class="muted tone-blocked">{t('offer.toneBlocked')}</p>}
      <div class="offer-actions">
        {offer?.media === 'chat' && (
          <Button
            variant="success"
            icon="check"
            label={t('offer.accept')}
            busy={busy === 'offer.accept'}
            onClick={() =>
              void run('offer.accept', async () => {
                await agent.accept(offer.id);
                await store.refreshDesk();
              })
            }
          />
        )}
        {offer?.media !== 'chat' && answerer && (
          <Button variant="success" icon="phone" label={t('offer.answer')} busy={busy === 'offer.answer'} onClick={() => void run('offer.answer', () => answerer.answer())} />
        )}
        {offer?.media !== 'chat' && !answerer && <PickUpHint phone={desk.phone} />}
        {offer && (
          <Button
            variant="danger"
            icon="hangup"
            label={t('offer.reject')}
            busy={busy === 'offer.reject'}
            onClick={() =>
              void run('offer.reject', async () => {
                // A call is declined at the phone's leg (it stops ringing, the caller keeps their
                // place); a chat through the routing engine. The contact of a call is the call.
                if (offer.media === 'voice') await calls.hangup(voiceCall?.id ?? offer.contactId);
                else store.desk.value = await agent.reject(offer.id);
                await Promise.all([store.refreshDesk(), store.refreshCall()]);
              })
            }
          />
        )}
        {consulted && (
          <Button
            variant="danger"
            icon="hangup"
            label={t('offer.decline')}
            busy={busy === 'offer.decline'}
            onClick={() =>
              void run('offer.decline', async () => {
                await calls.hangup(consulted.id);
                await store.refreshCall();
              })
            }
          />
        )}
      </div>
    </section>
  );
}
