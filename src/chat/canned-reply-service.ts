/**
 * Canned replies: list what an agent may use, and create, change or delete them with the
 * owner's rights checked (canned-replies.ts) and an audit entry stored in the same unit of work.
 * A reply the viewer may not use is answered as not found, so other agents' replies stay unseen.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { checkCannedReply, mayEdit, mayUse, ownerFor, type CannedReply, type CannedReplyInput, type CannedViewer } from './canned-replies.js';
import type { CannedReplyStore } from './ports.js';

export interface CannedReplyServiceDeps {
  store: CannedReplyStore;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
}

export class CannedReplyService {
  constructor(private readonly d: CannedReplyServiceDeps) {}

  /**
   * Mine and my teams' (the teams I belong to or lead; every team's for supervisors and admins,
   * who may change them all); one team's only when asked.
   */
  async list(viewer: CannedViewer, filter: { teamId?: string } = {}): Promise<(CannedReply & { editable: boolean })[]> {
    const owners = filter.teamId
      ? { agentIds: [], teamIds: [filter.teamId] }
      : { agentIds: viewer.agentId ? [viewer.agentId] : [], teamIds: [...new Set([...viewer.memberOf, ...viewer.leads])], allTeams: viewer.seesAllTeams };
    const rows = await this.d.store.replies(owners);
    return rows.filter((r) => mayUse(viewer, r)).map((r) => ({ ...r, editable: mayEdit(viewer, r) }));
  }

  async get(id: string, viewer: CannedViewer): Promise<CannedReply & { editable: boolean }> {
    const r = await this.d.store.reply(id);
    if (!r || !mayUse(viewer, r)) throw new AppError('CANNED_REPLY_NOT_FOUND', undefined, { cannedReplyId: id });
    return { ...r, editable: mayEdit(viewer, r) };
  }

  async create(input: CannedReplyInput, viewer: CannedViewer): Promise<CannedReply> {
    const checked = checkCannedReply(input);
    const owner = ownerFor(viewer, checked);
    const now = this.d.clock.now();
    const reply: CannedReply = { id: this.d.newId(), ...owner, shortcut: checked.shortcut, title: checked.title, body: checked.body, language: checked.language, createdBy: viewer.userId, createdAt: now, updatedAt: now };
    await this.d.store.save(reply, true, this.entry(viewer, 'canned_reply.created', reply), this.d.audit);
    return reply;
  }

  async update(id: string, input: CannedReplyInput, viewer: CannedViewer): Promise<CannedReply> {
    const checked = checkCannedReply(input);
    const { editable, ...before } = await this.get(id, viewer);
    if (!editable) throw new AppError('FORBIDDEN', 'Only leads of that team, supervisors and admins change its replies', { cannedReplyId: id });
    const owner = ownerFor(viewer, checked);
    const reply: CannedReply = { ...before, ...owner, shortcut: checked.shortcut, title: checked.title, body: checked.body, language: checked.language, updatedAt: this.d.clock.now() };
    await this.d.store.save(reply, false, this.entry(viewer, 'canned_reply.updated', reply), this.d.audit);
    return reply;
  }

  async remove(id: string, viewer: CannedViewer): Promise<void> {
    const { editable, ...before } = await this.get(id, viewer);
    if (!editable) throw new AppError('FORBIDDEN', 'Only leads of that team, supervisors and admins change its replies', { cannedReplyId: id });
    if (!(await this.d.store.remove(id, this.entry(viewer, 'canned_reply.deleted', before), this.d.audit))) {
      throw new AppError('CANNED_REPLY_NOT_FOUND', undefined, { cannedReplyId: id });
    }
  }

  private entry(viewer: CannedViewer, action: string, r: CannedReply) {
    return {
      actorId: viewer.userId,
      action,
      target: `canned_reply:${r.id}`,
      details: { scope: r.scope, agentId: r.agentId, teamId: r.teamId, shortcut: r.shortcut, title: r.title },
      ...(viewer.ip ? { ip: viewer.ip } : {}),
    };
  }
}
