/**
 * Live screen sharing in a chat (issue 20): consent, signalling relay and the record. The daemon
 * never sees the picture; it checks who may say what to whom and passes the WebRTC offer, answer
 * and ICE candidates between the visitor's widget socket and the viewers' /api/ws sockets.
 *
 * Rules (each refusal coded, nothing changed):
 *   - only the chat's owner or an invited colleague invites, and only while an agent serves the
 *     chat (ASSIST_CHAT_NOT_ACTIVE), one share per chat at a time (ASSIST_SHARE_BUSY);
 *   - a visitor answers, signals and ends only shares of their own chats (ASSIST_WRONG_CHAT);
 *   - a staff member signals only as a viewer peer they hold (ASSIST_NOT_A_VIEWER);
 *   - steps follow share-state.ts (ASSIST_SHARE_STATE / ASSIST_SHARE_OVER).
 *
 * Supervision: a supervisor watching the chat joins as a second viewer. The SERVER fans out: it
 * sends the visitor a second `share_peer` and the visitor's browser makes a second peer connection
 * with the same captured track. The alternative, the agent's browser relaying the picture, would
 * make the agent's upload carry every watcher, cut the watcher off when the agent's tab closes,
 * and need the agent's page to run a media relay; one extra sender connection on the visitor's
 * side (a second encode of a 1-15 fps screen) is cheaper and keeps each viewer independent.
 *
 * Video calls (kind 'video') use all of this unchanged: the visitor's browser still offers, the
 * agent's answers, but both send camera and microphone on that one connection. One session per chat
 * whatever its kind (a video call while a screen share is live is ASSIST_SHARE_BUSY). A supervisor
 * cannot watch a video call (ASSIST_NOT_WATCHABLE): the fan-out sends only the visitor's picture,
 * and a third party silently in a call is a different product (docs/remote-assistance.md).
 *
 * Open shares live in memory (their peers are browser connections that a restart cuts anyway);
 * every transition is stored, and a restart ends what was left open (start()).
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import type { ChatRecord } from '../chat-state.js';
import type { AgentNames } from '../ports.js';
import type { AssistNote, ServerFrame } from '../protocol.js';
import type { IceServer, ShareSignal, StaffShareFrame } from './assist-protocol.js';
import { shareReducer, sharedMs, type ScreenShare, type ShareEnder, type ShareEvent, type ShareKind, type ShareQuality } from './share-state.js';

export interface ShareStore {
  insert(s: ScreenShare): Promise<void>;
  save(s: ScreenShare): Promise<void>;
  ofChat(chatId: string): Promise<ScreenShare[]>;
  unfinished(): Promise<ScreenShare[]>;
}

/** What shares need of the chat service. */
export interface ShareChats {
  /** The owner's or an invited colleague's chat; CHAT_NOT_YOURS otherwise. */
  servedBy(agentId: string, chatId: string): Promise<ChatRecord>;
  /** A chat the viewer supervises (CHAT_NOT_YOURS otherwise). */
  seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<unknown>;
  tellVisitor(chatId: string, frame: ServerFrame): void;
  assistNote(chatId: string, text: string, assist: AssistNote): Promise<unknown>;
}

/** Frames to one staff user's own /api/ws sockets (src/api/ws/staff-lines.ts). */
export interface StaffLine {
  send(userId: string, frame: StaffShareFrame): void;
}

export interface ShareServiceDeps {
  chats: ShareChats;
  store: ShareStore;
  staff: StaffLine;
  names: AgentNames;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  newId: () => string;
  /** ICE servers for one peer connection of a share (turn-credentials.ts); none: peer to peer only. */
  iceServers?: (user: string) => IceServer[];
  /**
   * The admin switch (assist-settings.ts), read at each invitation: on, the share is recorded and
   * the visitor is told so in the invitation itself. Absent: nothing is recorded.
   */
  recordShares?: () => Promise<boolean>;
}

interface Viewer {
  userId: string;
  role: 'agent' | 'supervisor';
}

interface Open {
  share: ScreenShare;
  visitorId: string;
  /** Viewer peers by peer id: the inviting agent's, then any supervisor's. */
  viewers: Map<string, Viewer>;
  /** The agent's peer id (made at accept). */
  agentPeer?: string;
}

const FINISHED_KEPT = 500;

export class ShareService {
  private readonly open = new Map<string, Open>();
  /** The open share of each chat (at most one). */
  private readonly byChat = new Map<string, string>();
  /** Recently finished shares: a late step is told ASSIST_SHARE_OVER, not NOT_FOUND. */
  private readonly finished = new Map<string, ScreenShare & { visitorId: string }>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: ShareServiceDeps) {}

  /** Ends shares a stopped daemon left open; an ended chat ends its share. */
  async start(): Promise<void> {
    for (const s of await this.d.store.unfinished()) {
      const ended = shareReducer(s, { kind: 'end', at: this.d.clock.now(), by: 'system' });
      await this.d.store.save(ended);
    }
    this.unsubscribe = this.d.bus.subscribe((e) => {
      if (e.type !== 'chat.ended') return;
      const id = this.byChat.get(e.chatId);
      if (id) void this.finish(id, { kind: 'end', at: this.d.clock.now(), by: 'system' }).catch((err: unknown) => this.d.log.error({ err, shareId: id, chatId: e.chatId }, 'ending the share of an ended chat failed'));
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  // ---- staff ----------------------------------------------------------------------------------

  /** The agent asks to see the visitor's screen (or for a video call); the visitor is asked for consent. */
  async invite(agentId: string, userId: string, chatId: string, quality: ShareQuality, kind: ShareKind = 'screen'): Promise<ScreenShare> {
    const chat = await this.d.chats.servedBy(agentId, chatId);
    if (chat.state !== 'active') throw new AppError('ASSIST_CHAT_NOT_ACTIVE', undefined, { chatId, state: chat.state });
    if (this.byChat.has(chatId)) throw new AppError('ASSIST_SHARE_BUSY', undefined, { chatId, shareId: this.byChat.get(chatId) });
    // Decided once, here: the visitor consents to what the invitation says; the switch turned on
    // later never records a share whose visitor was not told.
    const recorded = (await this.d.recordShares?.()) ?? false;
    const share: ScreenShare = { id: this.d.newId(), chatId, agentId, byUserId: userId, kind, quality, state: 'invited', invitedAt: this.d.clock.now(), acceptedAt: null, liveAt: null, endedAt: null, endedBy: null, recorded };
    // Claimed before the write so a second invite in the meantime is refused too.
    this.byChat.set(chatId, share.id);
    try {
      await this.d.store.insert(share);
    } catch (err) {
      this.byChat.delete(chatId);
      throw err;
    }
    this.open.set(share.id, { share, visitorId: chat.visitorId, viewers: new Map() });
    this.d.chats.tellVisitor(chatId, { type: 'share_invite', shareId: share.id, kind, agentName: await this.d.names.displayName(agentId), quality, ...(recorded ? { recorded: true } : {}) });
    this.told(share);
    return share;
  }

  /**
   * A supervisor of the chat watches the live share as a second viewer (server fan-out, see above).
   * `supervises` answers for a viewer who does not see every chat (a team lead): whether this
   * share's chat is one of their teams'.
   */
  async watch(userId: string, viewer: { agentId?: string; supervise: boolean }, shareId: string, supervises?: (chatId: string) => Promise<boolean>): Promise<ScreenShare & { peer: string }> {
    const o = this.openShare(shareId);
    const supervise = viewer.supervise || (supervises !== undefined && (await supervises(o.share.chatId)));
    await this.d.chats.seenBy(o.share.chatId, { ...viewer, supervise });
    if (o.share.kind === 'video') throw new AppError('ASSIST_NOT_WATCHABLE', undefined, { shareId });
    if (o.share.state !== 'live' && o.share.state !== 'accepted') throw new AppError('ASSIST_SHARE_STATE', 'The share is not live yet', { shareId, state: o.share.state });
    const peer = this.d.newId();
    o.viewers.set(peer, { userId, role: 'supervisor' });
    this.d.chats.tellVisitor(o.share.chatId, { type: 'share_peer', shareId, peer, quality: o.share.quality, ...this.ice(shareId, peer, 'visitor') });
    return { ...o.share, peer, ...this.ice(shareId, peer, 'viewer') };
  }

  /** A viewer's answer or ICE candidate for the visitor; the agent's first answer makes the share live. */
  async staffSignal(userId: string, shareId: string, peer: string, signal: ShareSignal): Promise<void> {
    const o = this.openShare(shareId);
    const viewer = o.viewers.get(peer);
    if (viewer?.userId !== userId) throw new AppError('ASSIST_NOT_A_VIEWER', undefined, { shareId, where: '/peer' });
    if (signal.kind === 'offer') throw new AppError('ASSIST_SHARE_STATE', 'The visitor makes the offer; a viewer answers', { shareId, where: '/signal/kind' });
    if (signal.kind === 'answer' && peer === o.agentPeer && o.share.state === 'accepted') await this.step(o, { kind: 'live', at: this.d.clock.now() });
    this.d.chats.tellVisitor(o.share.chatId, { type: 'share_signal', shareId, peer, signal });
  }

  /** The inviting agent, a colleague of the chat, or a watching supervisor (who only stops watching) ends it. */
  async staffEnd(agentId: string | undefined, userId: string, shareId: string): Promise<ScreenShare> {
    const o = this.open.get(shareId);
    if (!o) return this.overOrMissing(shareId);
    const watching = [...o.viewers].find(([, v]) => v.userId === userId && v.role === 'supervisor');
    if (watching && o.share.byUserId !== userId) {
      o.viewers.delete(watching[0]);
      this.d.chats.tellVisitor(o.share.chatId, { type: 'share_ended', shareId, by: 'agent', peer: watching[0] });
      return o.share;
    }
    if (agentId === undefined) throw new AppError('ASSIST_NOT_A_VIEWER', undefined, { shareId });
    await this.d.chats.servedBy(agentId, o.share.chatId);
    return this.finish(shareId, { kind: 'end', at: this.d.clock.now(), by: 'agent' });
  }

  async history(chatId: string): Promise<ScreenShare[]> {
    return this.d.store.ofChat(chatId);
  }

  // ---- the visitor -----------------------------------------------------------------------------

  async visitorAnswer(visitorId: string, shareId: string, accept: boolean): Promise<ScreenShare> {
    const o = this.visitorsShare(visitorId, shareId);
    if (!accept) return this.finish(shareId, { kind: 'decline', at: this.d.clock.now() });
    await this.step(o, { kind: 'accept', at: this.d.clock.now() });
    const peer = this.d.newId();
    o.agentPeer = peer;
    o.viewers.set(peer, { userId: o.share.byUserId, role: 'agent' });
    this.d.staff.send(o.share.byUserId, { type: 'share_changed', share: { ...o.share, peer, ...this.ice(shareId, peer, 'viewer') } });
    this.d.chats.tellVisitor(o.share.chatId, { type: 'share_peer', shareId, peer, quality: o.share.quality, ...this.ice(shareId, peer, 'visitor') });
    return o.share;
  }

  /** The visitor's offer or ICE candidate for one viewer peer. */
  visitorSignal(visitorId: string, shareId: string, peer: string, signal: ShareSignal): void {
    const o = this.visitorsShare(visitorId, shareId);
    if (o.share.state === 'invited') throw new AppError('ASSIST_SHARE_STATE', 'The share was not accepted yet', { shareId, where: '/shareId' });
    if (signal.kind === 'answer') throw new AppError('ASSIST_SHARE_STATE', 'The visitor offers; the viewer answers', { shareId, where: '/signal/kind' });
    const viewer = o.viewers.get(peer);
    if (!viewer) throw new AppError('ASSIST_NOT_A_VIEWER', 'No such viewer of the share', { shareId, where: '/peer' });
    this.d.staff.send(viewer.userId, { type: 'share_signal', shareId, peer, signal });
  }

  async visitorEnd(visitorId: string, shareId: string): Promise<ScreenShare> {
    this.visitorsShare(visitorId, shareId);
    return this.finish(shareId, { kind: 'end', at: this.d.clock.now(), by: 'visitor' });
  }

  // ---- inside ----------------------------------------------------------------------------------

  /** Each end of each peer connection gets its own short-lived TURN user (nothing lasting reaches a page). */
  private ice(shareId: string, peer: string, side: 'visitor' | 'viewer'): { iceServers?: IceServer[] } {
    const servers = this.d.iceServers?.(`share-${shareId}-${peer}-${side}`) ?? [];
    return servers.length > 0 ? { iceServers: servers } : {};
  }

  /** The visitor's own open share; another chat's is ASSIST_WRONG_CHAT, a finished one ASSIST_SHARE_OVER. */
  private visitorsShare(visitorId: string, shareId: string): Open {
    const o = this.open.get(shareId);
    const f = o ? undefined : this.finished.get(shareId);
    const owner = o?.visitorId ?? f?.visitorId;
    if (owner === undefined) throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { shareId, where: '/shareId' });
    if (owner !== visitorId) throw new AppError('ASSIST_WRONG_CHAT', undefined, { shareId, where: '/shareId' });
    if (!o) throw new AppError('ASSIST_SHARE_OVER', undefined, { shareId, state: f?.state, where: '/shareId' });
    return o;
  }

  private openShare(shareId: string): Open {
    const o = this.open.get(shareId);
    if (o) return o;
    if (this.finished.has(shareId)) throw new AppError('ASSIST_SHARE_OVER', undefined, { shareId });
    throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { shareId });
  }

  private overOrMissing(shareId: string): never {
    this.openShare(shareId);
    throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { shareId });
  }

  /** Applies a transition that keeps the share open: stored, then both sides told. */
  private async step(o: Open, event: ShareEvent): Promise<void> {
    const next = shareReducer(o.share, event);
    await this.d.store.save(next);
    o.share = next;
    this.told(next);
  }

  /** Ends the share (declined or ended): stored, both sides told, its line on the chat's timeline. */
  private async finish(shareId: string, event: ShareEvent): Promise<ScreenShare> {
    const o = this.openShare(shareId);
    const done = shareReducer(o.share, event);
    this.open.delete(shareId);
    this.byChat.delete(done.chatId);
    this.finished.set(shareId, { ...done, visitorId: o.visitorId });
    if (this.finished.size > FINISHED_KEPT) this.finished.delete(this.finished.keys().next().value as string);
    await this.d.store.save(done);
    this.d.chats.tellVisitor(done.chatId, { type: 'share_ended', shareId, by: done.endedBy ?? 'visitor' });
    this.told(done, o);
    const agentName = await this.d.names.displayName(done.agentId);
    const note: AssistNote = {
      what: done.kind === 'video' ? 'video_call' : 'screen_share',
      outcome: done.state === 'declined' ? 'declined' : 'ended',
      agentName,
      startedAt: done.liveAt,
      durationMs: sharedMs(done),
      endedBy: done.endedBy,
      // The staff timeline links the recording (GET /api/shares/:id/recording) once the agent's page sent it.
      ...(done.recorded && done.liveAt !== null ? { recorded: true, shareId: done.id } : {}),
    };
    await this.d.chats.assistNote(done.chatId, noteText(note), note);
    return done;
  }

  /** The inviter and every viewer hear the share's state; supervisors learn there is one to watch (ids only). */
  private told(share: ScreenShare, o: Open | undefined = this.open.get(share.id)): void {
    this.d.bus.publish({ type: 'chat.share_changed', at: this.d.clock.now(), scope: { agentId: share.agentId }, chatId: share.chatId, shareId: share.id, agentId: share.agentId, kind: share.kind, state: share.state });
    const users = new Set<string>([share.byUserId, ...[...(o?.viewers.values() ?? [])].map((v) => v.userId)]);
    for (const userId of users) this.d.staff.send(userId, { type: 'share_changed', share });
  }
}

const BY: Record<ShareEnder, string> = { visitor: 'the visitor', agent: 'the agent', system: 'the system (the chat ended)' };

/** The English line of a share's note (agents and records; each UI shows `assist` in its own words). */
export function noteText(n: AssistNote): string {
  const video = n.what === 'video_call';
  const asked = video ? `${n.agentName} asked the visitor for a video call` : `${n.agentName} asked to see the visitor's screen`;
  if (n.outcome === 'declined') return `${asked}; the visitor declined`;
  if (n.startedAt === null) return `${asked}; it ended before the picture arrived`;
  const s = Math.round(n.durationMs / 1000);
  return `${video ? 'Video call' : 'Screen shared'} with ${n.agentName} for ${Math.floor(s / 60)} min ${s % 60} s from ${new Date(n.startedAt).toISOString()}, ended by ${BY[n.endedBy ?? 'system']}${n.recorded ? ' (recorded)' : ''}`;
}
