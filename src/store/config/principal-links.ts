import type { Kysely } from 'kysely';
import type { PrincipalLinks } from '../../accounts/ports.js';
import type { Database } from '../schema.js';

/**
 * The agent a user is and the teams they lead, read from the config tables when a session is
 * resolved, so a changed team lead takes effect on the next request.
 */
export class ConfigPrincipalLinks implements PrincipalLinks {
  constructor(private readonly db: Kysely<Database>) {}

  async linksFor(userId: string): Promise<{ agentId?: string; ledTeamIds: string[] }> {
    const [agent, teams] = await Promise.all([
      this.db.selectFrom('agents').select('id').where('user_id', '=', userId).executeTakeFirst(),
      this.db.selectFrom('team_leads').select('team_id').where('user_id', '=', userId).orderBy('team_id').execute(),
    ]);
    const ledTeamIds = teams.map((t) => t.team_id);
    return agent ? { agentId: agent.id, ledTeamIds } : { ledTeamIds };
  }
}
