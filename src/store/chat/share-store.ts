/** Screen shares of chats (src/chat/assist/ports.ts ShareStore) over kysely: one row per share, saved on every transition. */
import type { Kysely, Selectable } from 'kysely';
import type { ShareStore } from '../../chat/assist/share-service.js';
import type { ScreenShare, ShareEnder, ShareKind, ShareQuality, ShareStateName } from '../../chat/assist/share-state.js';
import type { Database } from '../schema.js';
import type { ChatSharesTable } from '../tables/chat.js';

const date = (n: number | null): Date | null => (n === null ? null : new Date(n));
const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

function toShare(r: Selectable<ChatSharesTable>): ScreenShare {
  return {
    id: r.id,
    chatId: r.chat_id,
    agentId: r.agent_id,
    byUserId: r.by_user_id,
    kind: r.kind as ShareKind,
    quality: r.quality as ShareQuality,
    state: r.state as ShareStateName,
    invitedAt: r.invited_at.getTime(),
    acceptedAt: ms(r.accepted_at),
    liveAt: ms(r.live_at),
    endedAt: ms(r.ended_at),
    endedBy: r.ended_by as ShareEnder | null,
  };
}

export class KyselyShareStore implements ShareStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: ScreenShare): Promise<void> {
    await this.db
      .insertInto('chat_shares')
      .values({ id: s.id, chat_id: s.chatId, agent_id: s.agentId, by_user_id: s.byUserId, kind: s.kind, quality: s.quality, state: s.state, invited_at: new Date(s.invitedAt), accepted_at: date(s.acceptedAt), live_at: date(s.liveAt), ended_at: date(s.endedAt), ended_by: s.endedBy })
      .execute();
  }

  async save(s: ScreenShare): Promise<void> {
    await this.db.updateTable('chat_shares').set({ state: s.state, accepted_at: date(s.acceptedAt), live_at: date(s.liveAt), ended_at: date(s.endedAt), ended_by: s.endedBy }).where('id', '=', s.id).execute();
  }

  async ofChat(chatId: string): Promise<ScreenShare[]> {
    return (await this.db.selectFrom('chat_shares').selectAll().where('chat_id', '=', chatId).orderBy('invited_at').execute()).map(toShare);
  }

  /** Shares a stopped daemon left open: the peers are gone with it. */
  async unfinished(): Promise<ScreenShare[]> {
    return (await this.db.selectFrom('chat_shares').selectAll().where('state', 'in', ['invited', 'accepted', 'live']).execute()).map(toShare);
  }
}
