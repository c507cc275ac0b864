/**
 * The agent toolbar (/app/toolbar): state bar always on top; below it what the agent is doing now
 * (start-of-shift form, ringing offer with screen-pop, the live call, wrap-up) next to the dial
 * pad. It can be collapsed to a thin bar; an offer then only signals (tone, bar colour, title)
 * and leaves the agent's screen as they arranged it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Frame } from '../app/Frame.js';
import { ChatCapacity } from './ChatCapacity.js';
import { ChatWorkspace } from '../chat-workspace/ChatWorkspace.js';
import { ChatStore } from '../chat-workspace/chat-store.js';
import { BackgroundNotices } from '../pwa/background-notices.js';
import { NotifyMenu } from '../pwa/NotifyMenu.js';
import { stream } from '../app/live.js';
import { agent } from '../api/endpoints.js';
import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { AgentLogin } from './AgentLogin.js';
import { BrowserPhone } from './browser-phone.js';
import { CallKbPanel } from './CallKbPanel.js';
import { kbCallId } from './call-kb.js';
import { CallPanel } from './CallPanel.js';
import { CollapsedBar } from './CollapsedBar.js';
import { DeskStore } from './desk-store.js';
import { DialPad } from './DialPad.js';
import { OfferCard } from './OfferCard.js';
import { PhoneStatus } from './PhoneStatus.js';
import { ReferenceData } from './reference-data.js';
import { Ringer, type ToneState } from './ringer.js';
import { StateBar } from './StateBar.js';
import { StatusStrip } from '../status-strip/StatusStrip.js';
import './toolbar.css';
import { WrapUpPanel } from './WrapUpPanel.js';

const COLLAPSED_KEY = 'switchboard.toolbar.collapsed';

function storedCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    // No storage: the toolbar opens expanded.
    return false;
  }
}

/** Rings while something rings, and puts it in the tab title so a covered window still shows it. */
function useRinging(store: DeskStore): { ringing: boolean; tone: ToneState } {
  const ringer = useMemo(() => new Ringer(), []);
  const ringing = store.ringing.value;
  useEffect(() => {
    // Browsers allow sound only after a gesture: the first key or click of the page unlocks it.
    const unlock = () => ringer.unlock();
    document.addEventListener('pointerdown', unlock, { once: true });
    document.addEventListener('keydown', unlock, { once: true });
    return () => {
      ringer.stop();
      document.removeEventListener('pointerdown', unlock);
      document.removeEventListener('keydown', unlock);
    };
  }, [ringer]);
  useEffect(() => {
    const title = document.title;
    if (ringing) {
      ringer.start();
      document.title = `${t('offer.titleBadge')} · ${title}`;
    }
    return () => {
      ringer.stop();
      document.title = title;
    };
  }, [ringing, ringer]);
  return { ringing, tone: ringer.tone.value };
}

export function ToolbarPage({ principal }: { principal: Principal }) {
  const agentId = principal.agentId ?? '';
  const store = useMemo(() => new DeskStore(agentId, stream), [agentId]);
  const refs = useMemo(() => new ReferenceData(agentId), [agentId]);
  const [collapsed, setCollapsed] = useState(storedCollapsed);
  const { ringing, tone } = useRinging(store);
  const handlesChats = principal.permissions.includes('chat.handle');
  const chatStore = useMemo(() => (handlesChats ? new ChatStore(agentId, stream) : undefined), [agentId, handlesChats]);
  // New chats and offers while the app is in the background (another app in front, a locked phone).
  useEffect(() => {
    const notices = new BackgroundNotices(stream, () => ({
      agentId,
      queueName: (id) => refs.queueName(id),
      chatQueueOf: (chatId) => chatStore?.threads.value[chatId]?.summary.queueId,
    }));
    notices.start();
    return () => notices.stop();
  }, [agentId, refs, chatStore]);

  // An agent whose phone is the browser gets it here; for a desk phone it stays off and silent.
  const phone = useMemo(() => new BrowserPhone({ isOwnDialBack: () => store.isOwnDialBack() }), [store]);
  const phoneRinging = phone.ringing.value;

  useEffect(() => {
    store.start();
    void refs.load();
    return () => store.stop();
  }, [store, refs]);
  useEffect(() => {
    void phone.start();
    return () => void phone.stop();
  }, [phone]);

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch (err) {
      console.info('the toolbar layout could not be remembered on this browser', err);
    }
  };

  const desk = store.desk.value;
  const call = store.call.value;
  // Signing out of the page while still available would leave calls ringing at an empty desk:
  // work ends first (the daemon refuses it during a call, and the toast says so).
  const endWorkFirst = async () => {
    if (store.desk.value && store.desk.value.state !== 'logged_out') store.desk.value = await agent.logout();
    await phone.stop();
  };
  const notifyMenu = <NotifyMenu />;
  const collapseButton = <Button label={collapsed ? t('toolbar.expand') : t('toolbar.collapse')} icon={collapsed ? 'chevronDown' : 'chevronUp'} iconOnly variant="ghost" pressed={collapsed} onClick={toggle} class="collapse-toggle" />;

  if (collapsed) {
    return (
      <Frame title={t('toolbar.title')} principal={principal} headerExtra={<>{notifyMenu}{collapseButton}</>} beforeSignOut={endWorkFirst} pageMenu={false} class={`toolbar is-collapsed${ringing ? ' is-ringing' : ''}`}>
        <CollapsedBar store={store} refs={refs} ringing={ringing} />
      </Frame>
    );
  }

  const loggedOut = desk?.state === 'logged_out';
  // While it rings (an offer, or a colleague's consultation) the offer card shows the call.
  const showCall = call && !ringing;
  // Agents who read the knowledge base have it beside the call and its wrap-up.
  const kbCall = principal.permissions.includes('kb.view') ? kbCallId({ call, ringing, desk, lastCall: store.lastCall.value }) : undefined;
  const canDial = !!desk && !call && (desk.state === 'available' || desk.state === 'not_ready' || desk.state === 'outbound');
  return (
    <Frame title={t('toolbar.title')} principal={principal} headerExtra={<>{notifyMenu}{collapseButton}</>} beforeSignOut={endWorkFirst} class={`toolbar${ringing ? ' is-ringing' : ''}`}>
      {!store.loaded.value || !desk ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <StateBar store={store} refs={refs}>
            {handlesChats && !loggedOut && <ChatCapacity store={store} />}
            <PhoneStatus phone={phone} />
          </StateBar>
          <StatusStrip />
          {loggedOut ? (
            <AgentLogin store={store} refs={refs} supervises={principal.permissions.includes('supervise.listen')} />
          ) : (
            <div class="toolbar-grid">
              <div class="toolbar-work">
                <OfferCard store={store} refs={refs} tone={tone} phoneRinging={phoneRinging} />
                {showCall && call && <CallPanel store={store} refs={refs} call={call} />}
                {desk.state === 'wrap_up' && <WrapUpPanel store={store} refs={refs} desk={desk} />}
                {!ringing && !call && desk.state !== 'wrap_up' && (
                  <section class="panel idle">
                    <h2>{t('toolbar.noCall')}</h2>
                    <p class="muted">{desk.state === 'available' ? t('toolbar.waitingForCalls') : t('toolbar.notTakingCalls')}</p>
                  </section>
                )}
                {/* Chats run next to calls (per-media capacity): the workspace stays under the call. */}
                {chatStore && <ChatWorkspace agentId={agentId} stream={stream} store={chatStore} principal={principal} showVisitors={principal.permissions.includes('chat.visitors')} />}
              </div>
              <div class="toolbar-side">
                {kbCall && <CallKbPanel store={store} callId={kbCall} />}
                <DialPad store={store} refs={refs} canDial={canDial} />
              </div>
            </div>
          )}
        </>
      )}
    </Frame>
  );
}
