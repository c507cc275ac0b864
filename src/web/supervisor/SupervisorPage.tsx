/**
 * The supervisor console (/app/supervisor): the floor counts as tiles, a tile per queue, the day
 * so far (table and trend charts), and the agent list with the monitoring and state actions. Live
 * from the /api/ws event stream (events say when to re-read; no polling); team leads see their own
 * teams (the daemon scopes the reads).
 */
import { PageLink } from '../app/PageLink.js';
import { useEffect, useMemo } from 'preact/hooks';
import { Frame } from '../app/Frame.js';
import { stream } from '../app/live.js';
import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { startClock } from '../kit/now.js';
import { AgentList } from './AgentList.js';
import { ConsoleStore } from './console-store.js';
import { FloorTiles } from './FloorTiles.js';
import { QueueTiles } from './QueueTiles.js';
import { TodaySection } from './TodaySection.js';
import { StatusStrip } from '../status-strip/StatusStrip.js';
import { myIndicators } from '../status-strip/strip-store.js';
import { WaitingContacts } from './WaitingContacts.js';
import { ChatsPanel } from './ChatsPanel.js';
import './supervisor.css';

export function SupervisorPage({ principal }: { principal: Principal }) {
  const store = useMemo(() => new ConsoleStore(stream), []);
  useEffect(() => {
    startClock();
    store.start();
    return () => store.stop();
  }, [store]);

  const floor = store.floor.value;
  const queues = store.queues.value;
  const reasonLabel = (code: string) => store.reasonLabel(code);
  return (
    <Frame title={t('supervisor.title')} principal={principal} class="supervisor" headerExtra={<PageLink page="records" principal={principal} />}>
      {!store.loaded.value || !floor ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <StatusStrip />
          <FloorTiles floor={floor.floor} reasonLabel={reasonLabel} />
          <QueueTiles queues={queues?.queues ?? []} name={(id) => store.queueName(id)} />
          <TodaySection stream={stream} />
          <WaitingContacts waiting={floor.waiting} agents={floor.agents} queueName={(id) => store.queueName(id)} onChanged={() => void store.refresh()} />
          {principal.permissions.includes('chat.supervise') && (
            <ChatsPanel
              stream={stream}
              agentName={(id) => floor.agents.find((a) => a.agentId === id)?.name ?? id}
              queueName={(id) => store.queueName(id)}
              myAgentId={principal.agentId}
              targets={{
                agents: floor.agents.filter((a) => a.state !== 'logged_out').map((a) => ({ id: a.agentId, name: a.name })),
                queues: store.chatQueues.value,
              }}
            />
          )}
          <AgentList
            agents={floor.agents}
            me={principal.userId}
            canBarge={principal.permissions.includes('supervise.barge')}
            reasons={store.breakReasons.value}
            limits={myIndicators.value?.settings.stateLimits ?? {}}
            reasonLabel={reasonLabel}
            queueName={(id) => store.queueName(id)}
            queues={[...store.queueNames.value].map(([id, name]) => ({ id, name }))}
            onChanged={() => void store.refresh()}
          />
        </>
      )}
    </Frame>
  );
}
