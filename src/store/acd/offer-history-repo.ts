import type { Kysely } from 'kysely';
import type { OfferHistoryReader } from '../../acd/ports.js';
import type { Media } from '../../core/events.js';
import type { Database } from '../schema.js';

/** Stored offers (acd_offers) read back for one agent: what they missed today survives a restart. */
export class KyselyOfferHistory implements OfferHistoryReader {
  constructor(private readonly db: Kysely<Database>) {}

  async missedOffersSince(agentId: string, since: number, media: readonly Media[]): Promise<number> {
    if (media.length === 0) return 0;
    const row = await this.db
      .selectFrom('acd_offers')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('agent_id', '=', agentId)
      .where('offered_at', '>=', new Date(since))
      .where('state', 'in', ['no_answer', 'rejected'])
      .where('media', 'in', [...media])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
