import { sql, type Kysely } from 'kysely';
import type { PrincipalLinks } from '../../accounts/ports.js';
import type { Database } from '../schema.js';
import { breathe } from '../accounts/sessions-repo.js';

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

  async linksForMany(userIds: string[]): Promise<Map<string, { agentId?: string; ledTeamIds: string[] }>> {
    const out = new Map<string, { agentId?: string; ledTeamIds: string[] }>(userIds.map((id) => [id, { ledTeamIds: [] }]));
    for (let i = 0; i < userIds.length; i += 500) {
      if (i > 0) await breathe();
      const part = userIds.slice(i, i + 500);
      const [agents, teams] = await Promise.all([
        this.db.selectFrom('agents').select(['id', 'user_id']).where(sql<boolean>`user_id = any(${part}::text[])`).execute(),
        this.db.selectFrom('team_leads').select(['team_id', 'user_id']).where(sql<boolean>`user_id = any(${part}::text[])`).orderBy('team_id').execute(),
      ]);
      for (const a of agents) {
        const links = out.get(a.user_id);
        if (links) links.agentId = a.id;
      }
      for (const t of teams) out.get(t.user_id)?.ledTeamIds.push(t.team_id);
    }
    return out;
  }
}
