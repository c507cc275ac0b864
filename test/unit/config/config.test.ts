import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/core/errors.js';

function problemsOf(fn: () => unknown): { where: string; reason: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFIG_INVALID');
    return ((err as AppError).details as { problems: { where: string; reason: string }[] }).problems;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given no environment at all then the embedded defaults apply', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: './data', logLevel: 'info', pbx: { kind: 'sim' } });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.metrics.token).toBeUndefined();
  });

  it('given environment values then they are parsed into the typed config', () => {
    const c = loadConfig({
      SWITCHBOARD_HOST: '0.0.0.0',
      SWITCHBOARD_PORT: '9090',
      DATABASE_URL: 'postgres://u:p@db:5432/sb',
      SWITCHBOARD_LOG_LEVEL: 'DEBUG',
      SWITCHBOARD_SESSION_TTL_SECONDS: '7200',
      SWITCHBOARD_SESSION_IDLE_SECONDS: '600',
      SWITCHBOARD_LOCKOUT_ATTEMPTS: '3',
      SWITCHBOARD_LOCKOUT_SECONDS: '120',
      SWITCHBOARD_COOKIE_SECURE: 'yes',
      SWITCHBOARD_PBX: 'asterisk',
      ASTERISK_ARI_URL: 'http://127.0.0.1:8088',
      ASTERISK_ARI_USER: 'sb',
      ASTERISK_ARI_PASSWORD: 'ari-secret',
      ASTERISK_AMI_USER: 'sb',
      ASTERISK_AMI_SECRET: 'ami-secret',
    });
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 9090,
      databaseUrl: 'postgres://u:p@db:5432/sb',
      logLevel: 'debug',
      session: { ttlMs: 7_200_000, idleMs: 600_000, cookieSecure: true },
      lockout: { attempts: 3, durationMs: 120_000 },
      pbx: { kind: 'asterisk', ari: { url: 'http://127.0.0.1:8088', user: 'sb', password: 'ari-secret' }, ami: { host: '127.0.0.1', port: 5038, user: 'sb', secret: 'ami-secret' } },
    });
  });

  it('given bad values then start stops with CONFIG_INVALID naming every key and its reason', () => {
    const problems = problemsOf(() =>
      loadConfig({ SWITCHBOARD_PORT: '80a', SWITCHBOARD_LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SWITCHBOARD_PBX: 'pbx9000' }),
    );
    expect(problems.map((p) => p.where)).toEqual(['SWITCHBOARD_PORT', 'DATABASE_URL', 'SWITCHBOARD_LOG_LEVEL', 'SWITCHBOARD_PBX']);
    expect(problems[0]?.reason).toMatch(/whole number/);
  });

  it('given the IVR safe destination when unset, a queue, or something else then it is the announcement, that queue, or a named problem', () => {
    expect(loadConfig({}).ivrSafeDestination).toEqual({ kind: 'announcement' });
    expect(loadConfig({ SWITCHBOARD_IVR_SAFE_DESTINATION: 'queue:support' }).ivrSafeDestination).toEqual({ kind: 'queue', queue: 'support' });
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_IVR_SAFE_DESTINATION: 'the void' }))).toEqual([
      { where: 'SWITCHBOARD_IVR_SAFE_DESTINATION', reason: 'must be "announcement" or "queue:<queue name>", got "the void"' },
    ]);
  });

  it('given an out-of-range port then the reason names the range', () => {
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_PORT: '70000' }))).toEqual([{ where: 'SWITCHBOARD_PORT', reason: 'must be between 0 and 65535, got 70000' }]);
  });

  it('given a standby daemon without PostgreSQL then start is refused naming SWITCHBOARD_STANDBY; with it the standby and the database wait are read', () => {
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_STANDBY: 'true' }))).toEqual([{ where: 'SWITCHBOARD_STANDBY', reason: 'needs DATABASE_URL: the daemons share one PostgreSQL, whose lock decides which is active' }]);
    const config = loadConfig({ SWITCHBOARD_STANDBY: 'true', DATABASE_URL: 'postgres://u@db:5432/cc', SWITCHBOARD_DATABASE_WAIT_SECONDS: '90' });
    expect(config).toMatchObject({ standby: true, databaseWaitMs: 90_000 });
    expect(loadConfig({})).toMatchObject({ standby: false, databaseWaitMs: 60_000 });
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_DATABASE_WAIT_SECONDS: '-1' })).map((p) => p.where)).toEqual(['SWITCHBOARD_DATABASE_WAIT_SECONDS']);
  });

  it('given the center language when unset, set, or unknown then English, that language, or a named problem', () => {
    expect(loadConfig({}).centerLanguage).toBe('en');
    expect(loadConfig({ SWITCHBOARD_CENTER_LANGUAGE: 'zh-cn' }).centerLanguage).toBe('zh-CN');
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_CENTER_LANGUAGE: 'fr' }))).toEqual([{ where: 'SWITCHBOARD_CENTER_LANGUAGE', reason: 'must be one of en, zh-CN' }]);
  });

  it('given freeswitch without its password then the missing key is named', () => {
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_PBX: 'freeswitch' })).map((p) => p.where)).toEqual(['FREESWITCH_ESL_PASSWORD', 'FREESWITCH_DOMAIN']);
  });

  it('given a YAML file then its values apply and the environment wins over it', async () => {
    const file = path.join(dir, 'sb.yaml');
    await writeFile(file, 'port: 9000\nhost: 10.0.0.1\nlockout:\n  attempts: 9\npbx:\n  kind: freeswitch\n  freeswitch:\n    eslPassword: esl-s3cret-value\n    domain: pbx.example.com\n');
    const c = loadConfig({ SWITCHBOARD_CONFIG: file, SWITCHBOARD_PORT: '9001' });
    expect(c).toMatchObject({ port: 9001, host: '10.0.0.1', lockout: { attempts: 9 }, pbx: { kind: 'freeswitch', esl: { host: '127.0.0.1', port: 8021, password: 'esl-s3cret-value' }, domain: 'pbx.example.com', phoneDialString: 'user/{name}@pbx.example.com' } });
  });

  it('given a JSON file with an unknown key and a bad value then both are named with the file', async () => {
    const file = path.join(dir, 'sb.json');
    await writeFile(file, JSON.stringify({ prot: 1, session: { ttlSeconds: 'forever' } }));
    const problems = problemsOf(() => loadConfig({ SWITCHBOARD_CONFIG: file }));
    expect(problems).toEqual([
      { where: `${file}: prot`, reason: 'unknown setting' },
      { where: `${file}: session.ttlSeconds`, reason: 'must be a whole number, got "forever"' },
    ]);
  });

  it('given an unreadable or unparsable file then the reason says so', async () => {
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_CONFIG: path.join(dir, 'missing.yaml') }))[0]?.where).toBe('SWITCHBOARD_CONFIG');
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{"port": ');
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_CONFIG: bad }))[0]?.reason).toMatch(/not valid JSON/);
  });

  it('given secrets in the config then describeConfig masks them', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:dbpass@db/sb',
      SWITCHBOARD_METRICS_TOKEN: 'metrics-token-0123456789',
      SWITCHBOARD_PBX: 'freeswitch',
      FREESWITCH_ESL_PASSWORD: 'esl-s3cret-value',
      FREESWITCH_DOMAIN: 'pbx.example.com',
    });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain('dbpass');
    expect(text).not.toContain('metrics-token-0123456789');
    expect(text).not.toContain('esl-s3cret-value');
    expect(text).toContain('postgres://u:********@db/sb');
  });

  it('given a placeholder or well-known default PBX secret then start is refused naming the key', () => {
    const problems = problemsOf(() =>
      loadConfig({
        SWITCHBOARD_PBX: 'asterisk',
        ASTERISK_ARI_URL: 'http://10.0.0.5:8088',
        ASTERISK_ARI_USER: 'switchboard',
        ASTERISK_ARI_PASSWORD: 'CHANGE-ME-BEFORE-FIRST-START',
        ASTERISK_AMI_USER: 'switchboard',
        ASTERISK_AMI_SECRET: 'change-me-before-first-start',
      }),
    );
    expect(problems.map((p) => p.where)).toEqual(expect.arrayContaining(['ASTERISK_ARI_PASSWORD', 'ASTERISK_AMI_SECRET']));
    expect(problems.find((p) => p.where === 'ASTERISK_ARI_PASSWORD')?.reason).toMatch(/placeholder/);
    const fs = problemsOf(() => loadConfig({ SWITCHBOARD_PBX: 'freeswitch', FREESWITCH_ESL_PASSWORD: 'ClueCon', FREESWITCH_DOMAIN: 'd' }));
    expect(fs.map((p) => p.where)).toEqual(['FREESWITCH_ESL_PASSWORD']);
  });

  it('given the FreeSWITCH outbound listener as host:port then it is parsed, and a bad one is named', () => {
    const c = loadConfig({ SWITCHBOARD_PBX: 'freeswitch', FREESWITCH_ESL_PASSWORD: 'esl-s3cret-value', FREESWITCH_DOMAIN: 'd', FREESWITCH_OUTBOUND_LISTEN: '10.0.0.10:8084' });
    expect(c.pbx).toMatchObject({ kind: 'freeswitch', outbound: { host: '10.0.0.10', port: 8084 }, sofiaProfile: 'agents', trunk: 'carrier' });
    const bad = problemsOf(() => loadConfig({ SWITCHBOARD_PBX: 'freeswitch', FREESWITCH_ESL_PASSWORD: 'esl-s3cret-value', FREESWITCH_DOMAIN: 'd', FREESWITCH_OUTBOUND_LISTEN: '8084' }));
    expect(bad).toEqual([{ where: 'FREESWITCH_OUTBOUND_LISTEN', reason: 'must be host:port, got "8084"' }]);
  });

  it('given SWITCHBOARD_CALLER_IDS as a comma-separated list then the E.164 numbers are kept in order; none configured is an empty list', () => {
    expect(loadConfig({ SWITCHBOARD_CALLER_IDS: ' +15550001111, +4930123456 ,' }).callerIds).toEqual(['+15550001111', '+4930123456']);
    expect(loadConfig({}).callerIds).toEqual([]);
  });

  it('given a caller id that is not E.164 or is listed twice then start is refused naming SWITCHBOARD_CALLER_IDS and the number', () => {
    const bad = problemsOf(() => loadConfig({ SWITCHBOARD_CALLER_IDS: '+15550001111,05550002222' }));
    expect(bad).toEqual([{ where: 'SWITCHBOARD_CALLER_IDS', reason: expect.stringContaining('"05550002222" is not an E.164 number') }]);
    const twice = problemsOf(() => loadConfig({ SWITCHBOARD_CALLER_IDS: '+15550001111,+15550001111' }));
    expect(twice).toEqual([{ where: 'SWITCHBOARD_CALLER_IDS', reason: '+15550001111 is listed twice' }]);
  });

  it('given callerIds as a list in a YAML file then they are read, and a bad entry is named with the file key', async () => {
    const file = path.join(dir, 'caller-ids.yaml');
    await writeFile(file, 'callerIds:\n  - "+15550001111"\n  - "+15550002222"\n');
    expect(loadConfig({ SWITCHBOARD_CONFIG: file }).callerIds).toEqual(['+15550001111', '+15550002222']);
    await writeFile(file, 'callerIds: ["+15550001111", "call me"]\n');
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_CONFIG: file }))).toEqual([{ where: `${file}: callerIds`, reason: expect.stringContaining('"call me" is not an E.164 number') }]);
  });

  it('given upload settings when unset, set, or out of range then the defaults, the sizes in bytes, or a named problem', () => {
    const MB = 1024 * 1024;
    expect(loadConfig({}).attachments).toEqual({ maxBytes: { image: 10 * MB, file: 20 * MB, video: 50 * MB, voice: 10 * MB }, uploadsPerMinute: 20 });
    const c = loadConfig({ SWITCHBOARD_UPLOAD_VIDEO_MAX_MB: '100', SWITCHBOARD_UPLOAD_IMAGE_MAX_MB: '5', SWITCHBOARD_UPLOADS_PER_MINUTE: '6' });
    expect(c.attachments).toEqual({ maxBytes: { image: 5 * MB, file: 20 * MB, video: 100 * MB, voice: 10 * MB }, uploadsPerMinute: 6 });
    expect(problemsOf(() => loadConfig({ SWITCHBOARD_UPLOAD_FILE_MAX_MB: '0' })).map((p) => p.where)).toEqual(['SWITCHBOARD_UPLOAD_FILE_MAX_MB']);
  });
});
