import { AppError, validationError, type FieldProblem } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { newId, newSecret } from '../core/ids.js';
import type { AuditLog } from './audit.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';
import { isRole, type Role } from './permissions.js';
import type { SessionRepository, UserRecord, UserRepository } from './ports.js';
import { noSessionInvalidation, type SessionInvalidation } from './session-cache.js';
import { BROWSER_EXTENSION_PATTERN, BROWSER_EXTENSION_RULE, PHONE_EXTENSION_PATTERN, UserPhones, type UserPhone } from './user-phones.js';

/** A user as shown to other users: never the hash, never the failure counter. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  lockedUntil: number | null;
  phone: UserPhone;
  createdAt: number;
  updatedAt: number;
}

export function toUserView(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: [...u.roles],
    disabled: u.disabled,
    lockedUntil: u.lockedUntil,
    phone: u.phone,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,62}$/;

export interface Actor {
  userId?: string;
  ip?: string;
}

/**
 * User management (users.manage). Every change is audited with the acting user, in the same
 * transaction as the change: a failed audit write leaves nothing stored.
 */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** The supervision phone directory, kept current with every change of a user's phone. */
    private readonly phones: UserPhones = new UserPhones(),
    /** Told of every change, so cached sessions follow at once (see session-cache.ts). */
    private readonly invalidation: SessionInvalidation = noSessionInvalidation,
    /** How a new password is hashed (tests make hundreds of users and pass a cheaper cost). */
    private readonly hash: (password: string) => Promise<string> = hashPassword,
  ) {}

  /** Loads the user's phone binding into the directory (supervision reads it synchronously). */
  async refreshPhone(userId: string): Promise<void> {
    const u = await this.users.findById(userId);
    if (u) this.phones.bind(u.id, u.phone);
  }

  /** The phone rung for supervision during this login, for a user whose binding is 'at_login'. */
  async choosePhone(userId: string, extension: string): Promise<UserPhone> {
    const u = await this.mustFind(userId);
    if (u.phone.mode !== 'at_login') {
      const what = u.phone.mode === 'fixed' ? 'fixed' : u.phone.mode === 'browser' ? 'the browser softphone' : 'not set up';
      throw new AppError('CONFLICT', `Your phone is ${what}; it is chosen at login only when an admin set it so`, {
        problems: [{ where: '/body/phone', reason: `binding is ${u.phone.mode}` }],
      });
    }
    this.phones.bind(u.id, u.phone);
    this.phones.choose(u.id, extension);
    return u.phone;
  }

  /** Creates a user; with no password given, one is generated and returned once. */
  async create(
    input: { username: string; displayName?: string; roles: string[]; password?: string; phone?: PhoneInput },
    actor: Actor,
  ): Promise<{ user: UserView; generatedPassword?: string }> {
    const problems: FieldProblem[] = [];
    if (!USERNAME_PATTERN.test(input.username)) {
      problems.push({ where: '/body/username', reason: '2-63 letters, digits or . _ @ -, starting with a letter or digit' });
    }
    const roles = checkRoles(input.roles, problems);
    if (input.password !== undefined) checkPassword(input.password, '/body/password', problems);
    const phone = input.phone === undefined ? undefined : checkPhone(input.phone, problems);
    if (problems.length > 0) throw validationError(problems);
    const generatedPassword = input.password === undefined ? newSecret(18) : undefined;
    // Hashing is slow: done before the transaction opens, so no row lock waits on it.
    const passwordHash = await this.hash(input.password ?? (generatedPassword as string));
    const now = this.clock.now();
    const user = await this.users.transact(this.audit, async ({ users, audit }) => {
      const created = await users.insert({
        id: newId(),
        username: input.username,
        displayName: input.displayName?.trim() || input.username,
        roles,
        passwordHash,
        ...(phone ? { phone } : {}),
        at: now,
      });
      await audit.record({ ...actorOf(actor), action: 'user.create', target: `user:${created.id}`, details: { username: created.username, roles } });
      return created;
    });
    this.phones.bind(user.id, user.phone);
    return generatedPassword ? { user: toUserView(user), generatedPassword } : { user: toUserView(user) };
  }

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async get(id: string): Promise<UserView> {
    return toUserView(await this.mustFind(id));
  }

  /** A user by id, or undefined (a user who saved something long ago may be gone). */
  async find(id: string): Promise<UserView | undefined> {
    const u = await this.users.findById(id);
    return u ? toUserView(u) : undefined;
  }

  async findByUsername(username: string): Promise<UserView | undefined> {
    const u = await this.users.findByUsername(username);
    return u ? toUserView(u) : undefined;
  }

  async count(role?: Role): Promise<number> {
    return this.users.count(role);
  }

  async update(id: string, patch: { displayName?: string; roles?: string[]; disabled?: boolean; phone?: PhoneInput }, actor: Actor): Promise<UserView> {
    const problems: FieldProblem[] = [];
    const phone = patch.phone === undefined ? undefined : checkPhone(patch.phone, problems);
    const roles = patch.roles === undefined ? undefined : checkRoles(patch.roles, problems);
    if (patch.displayName !== undefined && patch.displayName.trim() === '') {
      problems.push({ where: '/body/displayName', reason: 'must not be blank' });
    }
    if (problems.length > 0) throw validationError(problems);
    const before = await this.mustFind(id);
    if (actor.userId === id && (patch.disabled === true || (roles && before.roles.includes('admin') && !roles.includes('admin')))) {
      // Locking yourself out of administration is never what was meant.
      throw new AppError('CONFLICT', 'You cannot disable yourself or remove your own admin role');
    }
    const now = this.clock.now();
    const updated = await this.users.transact(this.audit, async ({ users, sessions, audit }) => {
      const changed = await users.update(
        id,
        {
          ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
          ...(roles !== undefined ? { roles } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(phone !== undefined ? { phone } : {}),
        },
        now,
      );
      if (!changed) throw new AppError('NOT_FOUND', `No user ${id}`);
      if (patch.disabled === true) await sessions.revokeAllOf(id, now);
      await audit.record({
        ...actorOf(actor),
        action: 'user.update',
        target: `user:${id}`,
        details: {
          ...(roles !== undefined ? { rolesFrom: before.roles, rolesTo: roles } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
          ...(phone !== undefined ? { phone } : {}),
        },
      });
      return changed;
    });
    if (patch.disabled === true) this.invalidation.userSessionsEnded(id);
    else this.invalidation.userChanged(id);
    this.phones.bind(updated.id, updated.phone);
    return toUserView(updated);
  }

  /**
   * Sets a new password (generated and returned once when none is given), clears any lockout and
   * ends the user's sessions.
   */
  async resetPassword(id: string, password: string | undefined, actor: Actor): Promise<{ user: UserView; generatedPassword?: string }> {
    if (password !== undefined) {
      const problems: FieldProblem[] = [];
      checkPassword(password, '/body/password', problems);
      if (problems.length > 0) throw validationError(problems);
    }
    await this.mustFind(id);
    const generatedPassword = password === undefined ? newSecret(18) : undefined;
    const passwordHash = await this.hash(password ?? (generatedPassword as string));
    const now = this.clock.now();
    const updated = await this.users.transact(this.audit, async ({ users, sessions, audit }) => {
      const changed = await users.update(id, { passwordHash }, now);
      if (!changed) throw new AppError('NOT_FOUND', `No user ${id}`);
      await users.clearFailedLogins(id, now);
      await sessions.revokeAllOf(id, now);
      await audit.record({ ...actorOf(actor), action: 'user.reset_password', target: `user:${id}` });
      return changed;
    });
    this.invalidation.userSessionsEnded(id);
    const user = toUserView({ ...updated, failedLogins: 0, lockedUntil: null });
    return generatedPassword ? { user, generatedPassword } : { user };
  }

  /** Lifts a login lock (and forgets the failures) without touching the password or sessions. */
  async unlock(id: string, actor: Actor): Promise<UserView> {
    const before = await this.mustFind(id);
    const now = this.clock.now();
    await this.users.transact(this.audit, async ({ users, audit }) => {
      await users.clearFailedLogins(id, now);
      await audit.record({ ...actorOf(actor), action: 'user.unlock', target: `user:${id}`, details: { lockedUntil: before.lockedUntil, failedLogins: before.failedLogins } });
    });
    return toUserView(await this.mustFind(id));
  }

  private async mustFind(id: string): Promise<UserRecord> {
    const u = await this.users.findById(id);
    if (!u) throw new AppError('NOT_FOUND', `No user ${id}`, { problems: [{ where: '/params/id', reason: 'no such user' }] });
    return u;
  }
}

function checkRoles(roles: string[], problems: FieldProblem[]): Role[] {
  const out: Role[] = [];
  roles.forEach((r, i) => {
    if (isRole(r)) {
      if (!out.includes(r)) out.push(r);
    } else problems.push({ where: `/body/roles/${i}`, reason: `unknown role ${JSON.stringify(r)}` });
  });
  return out;
}

/** A phone as the API sends it: the extension belongs to 'fixed' and 'browser' and only to them. */
export interface PhoneInput {
  mode: UserPhone['mode'];
  extension?: string;
}

function checkPhone(phone: PhoneInput, problems: FieldProblem[]): UserPhone {
  if (phone.mode === 'browser') {
    if (phone.extension === undefined || !BROWSER_EXTENSION_PATTERN.test(phone.extension)) {
      problems.push({ where: '/body/phone/extension', reason: `a browser phone needs the name of its WebRTC endpoint: ${BROWSER_EXTENSION_RULE}` });
    }
    return { mode: 'browser', extension: phone.extension ?? '' };
  }
  if (phone.mode !== 'fixed') {
    if (phone.extension !== undefined) problems.push({ where: '/body/phone/extension', reason: `only a fixed or browser phone has an extension (mode is ${phone.mode})` });
    return { mode: phone.mode };
  }
  if (phone.extension === undefined || !PHONE_EXTENSION_PATTERN.test(phone.extension)) {
    problems.push({ where: '/body/phone/extension', reason: 'a fixed phone needs its name or extension: 1-100 letters, digits or _ . @ : / + -' });
  }
  return { mode: 'fixed', extension: phone.extension ?? '' };
}

function checkPassword(password: string, where: string, problems: FieldProblem[]): void {
  if (password.length < PASSWORD_MIN_LENGTH) problems.push({ where, reason: `at least ${PASSWORD_MIN_LENGTH} characters` });
  if (password.length > PASSWORD_MAX_LENGTH) problems.push({ where, reason: `at most ${PASSWORD_MAX_LENGTH} characters` });
}

function actorOf(actor: Actor): { actorId?: string; ip?: string } {
  return { ...(actor.userId ? { actorId: actor.userId } : {}), ...(actor.ip ? { ip: actor.ip } : {}) };
}
