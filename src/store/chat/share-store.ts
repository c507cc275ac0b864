/**
 * Screen shares and video calls of chats (share-service.ts ShareStore) over kysely: one row per
 * share, saved on every transition; its recording (share-recordings.ts ShareRecordingStore) on the
 * same row.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ShareRecordingStore, StoredRecording } from '../../chat/assist/share-recordings.js';
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
    recorded: r.recorded,
    ...(r.recording_size !== null && r.recording_at !== null ? { recording: { size: Number(r.recording_size), at: r.recording_at.getTime() } } : {}),
  };
}

export class KyselyShareStore implements ShareStore, ShareRecordingStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: ScreenShare): Promise<void> {
    await this.db
      .insertInto('chat_shares')
      .values({ id: s.id, chat_id: s.chatId, agent_id: s.agentId, by_user_id: s.byUserId, kind: s.kind, quality: s.quality, state: s.state, invited_at: new Date(s.invitedAt), accepted_at: date(s.acceptedAt), live_at: date(s.liveAt), ended_at: date(s.endedAt), ended_by: s.endedBy, recorded: s.recorded })
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

  async byId(shareId: string): Promise<{ share: ScreenShare; storedName: string | null } | undefined> {
    const r = await this.db.selectFrom('chat_shares').selectAll().where('id', '=', shareId).executeTakeFirst();
    return r && { share: toShare(r), storedName: r.recording_stored_name };
  }

  /** One recording per share: the write only lands on a row without one, and the file is placed before the commit. */
  async saveRecording(shareId: string, rec: StoredRecording, place: () => Promise<void>): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('chat_shares')
        .set({ recording_stored_name: rec.storedName, recording_size: rec.size, recording_at: new Date(rec.at) })
        .where('id', '=', shareId)
        .where('recording_stored_name', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await place();
      return true;
    });
  }
}
