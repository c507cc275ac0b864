/**
 * Port bridges emulated with FreeSWITCH primitives, because FreeSWITCH has no bridge object of
 * its own that a controller creates and fills:
 *  - holding: members simply stay parked (music on hold is the caller's startMoh);
 *  - mixing of two: `uuid_bridge a b` (the cheapest two-party path);
 *  - mixing of three or more: both parties move into conference `sb-<bridge id>` with
 *    `uuid_transfer a -both conference:...` and every later member follows.
 * Leaving is `uuid_transfer x park inline`; our legs carry `park_after_bridge=true`, so the
 * other party of a uuid_bridge falls back to park instead of hanging up.
 *
 *   empty --add--> one --add--> pair(uuid_bridge) --add--> conference
 *   pair --remove--> one          conference --remove--> conference (until empty)
 */
import { AppError, validationError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { BridgeInfo, BridgeKind } from '../port.js';

export interface BridgeHost {
  /** An api command about a channel; rejects CHANNEL_GONE when FreeSWITCH no longer has it. */
  channelCommand(channelId: string, cmd: string): Promise<string>;
  /** Rejects CHANNEL_GONE unless FreeSWITCH has the channel now. */
  ensureExists(channelId: string): Promise<void>;
  setBridgeOf(channelId: string, bridgeId: string | undefined): void;
  /** Conference profile used for 3+ party bridges. */
  readonly conferenceProfile: string;
  readonly log: Logger;
}

interface EmulatedBridge {
  id: string;
  kind: BridgeKind;
  members: string[];
  conference: boolean;
}

const BRIDGE_ID = /^[A-Za-z0-9_.-]{1,80}$/;

export class BridgeEmulator {
  private readonly bridges = new Map<string, EmulatedBridge>();
  private readonly bridgeOfChannel = new Map<string, string>();

  constructor(private readonly host: BridgeHost) {}

  create(kind: BridgeKind, id: string): string {
    if (!BRIDGE_ID.test(id)) throw validationError([{ where: '/id', reason: `not a usable bridge id: ${JSON.stringify(id)}` }]);
    if (this.bridges.has(id)) throw new AppError('CONFLICT', `bridge ${id} already exists`);
    this.bridges.set(id, { id, kind, members: [], conference: false });
    return id;
  }

  list(): BridgeInfo[] {
    return [...this.bridges.values()].map((b) => ({ id: b.id, kind: b.kind, channelIds: [...b.members] }));
  }

  bridgeOf(channelId: string): string | undefined {
    return this.bridgeOfChannel.get(channelId);
  }

  members(bridgeId: string): readonly string[] {
    return this.get(bridgeId).members;
  }

  async add(bridgeId: string, channelId: string): Promise<void> {
    const bridge = this.get(bridgeId);
    if (bridge.members.includes(channelId)) return;
    const previous = this.bridgeOfChannel.get(channelId);
    if (previous !== undefined) await this.remove(previous, channelId);
    if (bridge.kind === 'holding' || bridge.members.length === 0) {
      await this.host.ensureExists(channelId);
    } else if (bridge.members.length === 1) {
      const [first] = bridge.members as [string];
      await this.host.ensureExists(channelId);
      await this.host.channelCommand(first, `uuid_bridge ${first} ${channelId}`);
    } else {
      await this.host.ensureExists(channelId);
      const room = `conference:${this.conferenceName(bridge)}@${this.host.conferenceProfile}`;
      if (!bridge.conference) {
        await this.host.channelCommand(bridge.members[0]!, `uuid_transfer ${bridge.members[0]!} -both ${room} inline`);
        bridge.conference = true;
      }
      await this.host.channelCommand(channelId, `uuid_transfer ${channelId} ${room} inline`);
    }
    bridge.members.push(channelId);
    this.bridgeOfChannel.set(channelId, bridge.id);
    this.host.setBridgeOf(channelId, bridge.id);
  }

  async remove(bridgeId: string, channelId: string): Promise<void> {
    const bridge = this.get(bridgeId);
    if (!bridge.members.includes(channelId)) return;
    const mixed = bridge.kind === 'mixing' && (bridge.conference || bridge.members.length > 1);
    this.forget(bridge, channelId);
    if (mixed) await this.host.channelCommand(channelId, `uuid_transfer ${channelId} park inline`);
  }

  async destroy(bridgeId: string): Promise<void> {
    const bridge = this.get(bridgeId);
    this.bridges.delete(bridgeId);
    const members = [...bridge.members];
    const mixed = bridge.kind === 'mixing' && (bridge.conference || members.length > 1);
    for (const id of members) {
      this.bridgeOfChannel.delete(id);
      this.host.setBridgeOf(id, undefined);
    }
    if (!mixed) return;
    for (const id of members) {
      // A member that is already gone has nothing left to leave; another failure is logged.
      await tolerateGone(this.host.log, { what: 'park a member of a destroyed bridge', channelId: id, bridgeId }, () => this.host.channelCommand(id, `uuid_transfer ${id} park inline`));
    }
  }

  /** The channel ended: it leaves its bridge with no command (FreeSWITCH already knows). */
  channelGone(channelId: string): void {
    const bridgeId = this.bridgeOfChannel.get(channelId);
    const bridge = bridgeId === undefined ? undefined : this.bridges.get(bridgeId);
    if (bridge) this.forget(bridge, channelId);
    else this.bridgeOfChannel.delete(channelId);
  }

  private forget(bridge: EmulatedBridge, channelId: string): void {
    bridge.members = bridge.members.filter((m) => m !== channelId);
    this.bridgeOfChannel.delete(channelId);
    this.host.setBridgeOf(channelId, undefined);
  }

  private get(bridgeId: string): EmulatedBridge {
    const bridge = this.bridges.get(bridgeId);
    if (!bridge) throw new AppError('BRIDGE_GONE', `no bridge ${bridgeId}`);
    return bridge;
  }

  private conferenceName(bridge: EmulatedBridge): string {
    return `sb-${bridge.id}`;
  }
}
