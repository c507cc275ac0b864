/** How stored chats and messages look to the visitor's widget and to the agent's workspace. */
import type { ChatRecord } from './chat-state.js';
import type { StoredMessage } from './ports.js';
import type { ChatMessageFrame } from './protocol.js';

export interface ChatSummary {
  id: string;
  state: ChatRecord['state'];
  queueId: string;
  agentId: string | null;
  visitorName: string;
  page: string;
  createdAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  endReason?: NonNullable<ChatRecord['endReason']>;
  outcome?: NonNullable<ChatRecord['outcome']>;
  lastSeq: number;
  channel: ChatRecord['channel'];
  /** Why the bot handed the chat to a person. */
  handover?: NonNullable<ChatRecord['handover']>;
}

export function summaryOf(c: ChatRecord): ChatSummary {
  return {
    id: c.id,
    state: c.state,
    queueId: c.queueId,
    agentId: c.agentId,
    visitorName: c.visitorName,
    page: c.page,
    createdAt: c.createdAt,
    assignedAt: c.assignedAt,
    endedAt: c.endedAt,
    ...(c.endReason ? { endReason: c.endReason } : {}),
    ...(c.outcome ? { outcome: c.outcome } : {}),
    lastSeq: c.lastSeq,
    channel: c.channel,
    ...(c.handover ? { handover: c.handover } : {}),
  };
}

/** The visitor sees the agent's name, never the agent's id; the clientId only on their own messages. */
export function visitorFrameOf(m: StoredMessage, agentName: string | undefined): ChatMessageFrame {
  return {
    type: 'message',
    seq: m.seq,
    from: m.from,
    ...(m.from === 'agent' && agentName !== undefined ? { agentName } : {}),
    text: m.text,
    at: m.at,
    ...(m.from === 'visitor' && m.clientId !== undefined ? { clientId: m.clientId } : {}),
    ...(m.attachment ? { attachment: m.attachment } : {}),
    ...(m.card ? { card: m.card } : {}),
    ...(m.botSay ? { bot: m.botSay } : {}),
    ...(m.assist ? { assist: m.assist } : {}),
  };
}
