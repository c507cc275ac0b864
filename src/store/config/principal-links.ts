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

  async linksForMany(userIds: string[]): Promise<Map<string, { agentId?: string; ledTeamIds: string[] }>> {
    const out = new Map<string, { agentId?: string; ledTeamIds: string[] }>(userIds.map((id) => [id, { ledTeamIds: [] }]));
    for (let i = 0; i < userIds.length; i += 1000) {
      const part = userIds.slice(i, i + 1000);
      const [agents, teams] = await Promise.all([
        this.db.selectFrom('agents').select(['id', 'user_id']).where('user_id', 'in', part).execute(),
        this.db.selectFrom('team_leads').select(['team_id', 'user_id']).where('user_id', 'in', part).orderBy('team_id').execute(),
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
