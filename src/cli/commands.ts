import { describeConfig, loadConfig, pgliteDirOf, type AppConfig } from '../config.js';
import { UserService } from '../accounts/user-service.js';
import { AppError, isAppError } from '../core/errors.js';
import { systemClock } from '../core/clock.js';
import { startDaemon, type Daemon } from '../main.js';
import { KyselyAuditLog } from '../store/accounts/audit-repo.js';
import { KyselySessionRepository } from '../store/accounts/sessions-repo.js';
import { KyselyUserRepository } from '../store/accounts/users-repo.js';
import { createDatabase, type DatabaseHandle } from '../store/db.js';
import { migrateToLatest } from '../store/migrations.js';
import { passwordFromStdin, type CliIo } from './io.js';
import { assertPortFree } from './port-check.js';

/** Prints a CONFIG_INVALID (or any coded error) so the key and the reason are on screen. */
export function reportError(io: CliIo, err: unknown): number {
  if (isAppError(err)) {
    io.err(`error ${err.code}: ${err.message}`);
    const problems = (err.details as { problems?: { where: string; reason: string }[] } | undefined)?.problems;
    if (err.code === 'CONFIG_INVALID' && problems) for (const p of problems) io.err(`  ${p.where}: ${p.reason}`);
    return 1;
  }
  io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
  return 1;
}

async function openStore(config: AppConfig): Promise<DatabaseHandle> {
  const handle = await createDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDirOf(config) });
  try {
    await migrateToLatest(handle.db);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

async function withUsers<T>(config: AppConfig, fn: (users: UserService) => Promise<T>): Promise<T> {
  const handle = await openStore(config);
  try {
    const sessions = new KyselySessionRepository(handle.db);
    const audit = new KyselyAuditLog(handle.db, systemClock);
    return await fn(new UserService(new KyselyUserRepository(handle.db), sessions, audit, systemClock));
  } finally {
    await handle.close();
  }
}

export async function cmdStart(io: CliIo, handleSignals = true): Promise<Daemon> {
  const config = loadConfig(io.env);
  await assertPortFree(config.host, config.port);
  return startDaemon(config, { print: io.out, handleSignals });
}

export async function cmdMigrate(io: CliIo): Promise<number> {
  const config = loadConfig(io.env);
  const handle = await createDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: pgliteDirOf(config) });
  try {
    const { applied } = await migrateToLatest(handle.db);
    io.out(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
    return 0;
  } finally {
    await handle.close();
  }
}

async function passwordInput(io: CliIo, flags: Set<string>): Promise<string | undefined> {
  if (!flags.has('--password-stdin')) return undefined;
  const pw = passwordFromStdin(await io.readStdin());
  if (pw === '') throw new AppError('VALIDATION_FAILED', 'No password on stdin');
  return pw;
}

export async function cmdCreateAdmin(io: CliIo, username: string, flags: Set<string>): Promise<number> {
  const config = loadConfig(io.env);
  const password = await passwordInput(io, flags);
  return withUsers(config, async (users) => {
    const { user, generatedPassword } = await users.create(
      { username, displayName: username, roles: ['admin'], ...(password !== undefined ? { password } : {}) },
      {},
    );
    io.out(`Created admin user "${user.username}".`);
    if (generatedPassword) io.out(`Password (shown only once): ${generatedPassword}`);
    return 0;
  });
}

export async function cmdResetPassword(io: CliIo, username: string, flags: Set<string>): Promise<number> {
  const config = loadConfig(io.env);
  const password = await passwordInput(io, flags);
  return withUsers(config, async (users) => {
    const found = await users.findByUsername(username);
    if (!found) throw new AppError('NOT_FOUND', `No user "${username}"`);
    const { generatedPassword } = await users.resetPassword(found.id, password, {});
    io.out(`Password of "${found.username}" reset; the lockout is cleared and the sessions are ended.`);
    if (generatedPassword) io.out(`New password (shown only once): ${generatedPassword}`);
    return 0;
  });
}

export function cmdConfigCheck(io: CliIo): number {
  const config = loadConfig(io.env);
  io.out('The configuration is valid:');
  io.out(JSON.stringify(describeConfig(config), null, 2));
  return 0;
}

