/**
 * Read-only wallboard tokens: a wall PC opens /app/wallboard?token=... without a personal login.
 * An admin creates one (the token is shown once; only its SHA-256 is stored), lists and revokes
 * them, each step audited (`wallboard_token.create` / `.revoke`). A token resolves to a principal
 * with no role and no permission, marked `wallboard`: the auth hook lets it reach only routes that
 * declare `wallboard: true`, and the event stream sends it only the floor's own events.
 *
 * Tokens are few and checked on every request of the wall display, so the valid ones are kept in
 * memory by hash (read once, kept current by this service's own writes).
 */
import type { AuditEntry } from './audit.js';
import { hashToken } from './auth-service.js';
import type { Principal } from './principal.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { newId, newSecret } from '../core/ids.js';

/** Every wallboard token starts so: the daemon's authenticate tells it from a session token. */
export const WALLBOARD_TOKEN_PREFIX = 'wb_';

export interface WallboardToken {
  id: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  createdBy: string | null;
  revokedAt: number | null;
}

export interface WallboardTokenStore {
  list(): Promise<WallboardToken[]>;
  create(token: WallboardToken, audit: AuditEntry): Promise<void>;
  /** False when no such token is live (unknown or already revoked). */
  revoke(id: string, at: number, audit: AuditEntry): Promise<boolean>;
}

export type WallboardTokenView = Omit<WallboardToken, 'tokenHash'>;

interface Actor {
  userId?: string;
  ip?: string;
}

export class WallboardTokenService {
  private live: Promise<Map<string, WallboardToken>> | undefined;

  constructor(
    private readonly store: WallboardTokenStore,
    private readonly clock: Clock,
  ) {}

  static isWallboardToken(token: string): boolean {
    return token.startsWith(WALLBOARD_TOKEN_PREFIX);
  }

  private byHash(): Promise<Map<string, WallboardToken>> {
    this.live ??= this.store.list().then((all) => new Map(all.filter((t) => t.revokedAt === null).map((t) => [t.tokenHash, t])));
    return this.live;
  }

  async list(): Promise<WallboardTokenView[]> {
    return (await this.store.list()).map(({ tokenHash: _hash, ...view }) => view);
  }

  /** The token itself is in this answer only. */
  async create(name: string, actor: Actor): Promise<WallboardTokenView & { token: string }> {
    const trimmed = name.trim();
    if (trimmed === '') throw new AppError('VALIDATION_FAILED', '/name: must not be blank', { problems: [{ where: '/name', reason: 'must not be blank' }] });
    const token = `${WALLBOARD_TOKEN_PREFIX}${newSecret(32)}`;
    const record: WallboardToken = { id: newId(), name: trimmed, tokenHash: hashToken(token), createdAt: this.clock.now(), createdBy: actor.userId ?? null, revokedAt: null };
    const live = await this.byHash();
    await this.store.create(record, { ...audited(actor), action: 'wallboard_token.create', target: `wallboard_token:${record.id}`, details: { name: trimmed } });
    live.set(record.tokenHash, record);
    const { tokenHash: _hash, ...view } = record;
    return { ...view, token };
  }

  async revoke(id: string, actor: Actor): Promise<void> {
    const live = await this.byHash();
    const revoked = await this.store.revoke(id, this.clock.now(), { ...audited(actor), action: 'wallboard_token.revoke', target: `wallboard_token:${id}` });
    if (!revoked) throw new AppError('NOT_FOUND', `No live wallboard token ${id}`, { id });
    for (const [hash, t] of live) if (t.id === id) live.delete(hash);
  }

  /** The wall display's principal, or UNAUTHENTICATED for an unknown or revoked token. */
  async authenticate(token: string): Promise<Principal> {
    const found = (await this.byHash()).get(hashToken(token));
    if (!found) throw new AppError('UNAUTHENTICATED', 'The wallboard token is not valid (unknown or revoked)');
    return {
      userId: `wallboard:${found.id}`,
      username: found.name,
      roles: [],
      permissions: new Set(),
      ledTeamIds: [],
      sessionId: `wallboard:${found.id}`,
      wallboard: { tokenId: found.id },
    };
  }
}

function audited(actor: Actor): Pick<AuditEntry, 'actorId' | 'ip'> {
  return { ...(actor.userId ? { actorId: actor.userId } : {}), ...(actor.ip !== undefined ? { ip: actor.ip } : {}) };
}
