/**
 * The browser softphone settings (SWITCHBOARD_WEBRTC_*): all three or none, each refused with the
 * variable's name and the reason, the secret never shown by describeConfig.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../../../src/config.js';
import { AppError } from '../../../src/core/errors.js';

const SECRET = 'a-webrtc-secret-of-at-least-32-characters';
const COMPLETE = {
  SWITCHBOARD_WEBRTC_WSS_URL: 'wss://pbx.example.com:8089/ws',
  SWITCHBOARD_WEBRTC_DOMAIN: 'pbx.example.com',
  SWITCHBOARD_WEBRTC_SECRET: SECRET,
};

function problemsOf(fn: () => unknown): { where: string; reason: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return ((err as AppError).details as { problems: { where: string; reason: string }[] }).problems;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('WebRTC softphone configuration', () => {
  it('given no SWITCHBOARD_WEBRTC_* setting then there are no browser softphones', () => {
    expect(loadConfig({}).webrtc).toBeUndefined();
  });

  it('given the three settings then they are the softphone configuration, without ICE servers', () => {
    expect(loadConfig(COMPLETE).webrtc).toEqual({ wssUrl: 'wss://pbx.example.com:8089/ws', domain: 'pbx.example.com', secret: SECRET, iceServers: [] });
  });

  it('given only the URL then the two missing settings are named', () => {
    const problems = problemsOf(() => loadConfig({ SWITCHBOARD_WEBRTC_WSS_URL: COMPLETE.SWITCHBOARD_WEBRTC_WSS_URL }));
    expect(problems.map((p) => p.where)).toEqual(['SWITCHBOARD_WEBRTC_DOMAIN', 'SWITCHBOARD_WEBRTC_SECRET']);
    expect(problems[0]?.reason).toMatch(/required when any SWITCHBOARD_WEBRTC_\* setting is set/);
  });

  it('given a ws:// URL, a domain with a path and a short secret then each variable is named with its reason', () => {
    const problems = problemsOf(() =>
      loadConfig({ SWITCHBOARD_WEBRTC_WSS_URL: 'ws://pbx.example.com:8088/ws', SWITCHBOARD_WEBRTC_DOMAIN: 'pbx.example.com/x', SWITCHBOARD_WEBRTC_SECRET: 'short' }),
    );
    expect(problems).toEqual([
      { where: 'SWITCHBOARD_WEBRTC_WSS_URL', reason: 'must be a wss:// URL, e.g. wss://pbx.example.com:8089/ws' },
      { where: 'SWITCHBOARD_WEBRTC_DOMAIN', reason: 'must be a host name or address (the SIP domain of the softphones)' },
      { where: 'SWITCHBOARD_WEBRTC_SECRET', reason: 'must be at least 32 characters (openssl rand -hex 32)' },
    ]);
  });

  it('given a placeholder secret then it is refused as a placeholder', () => {
    const problems = problemsOf(() => loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_SECRET: 'CHANGE-ME-a-long-enough-placeholder-value' }));
    expect(problems).toEqual([{ where: 'SWITCHBOARD_WEBRTC_SECRET', reason: 'is a placeholder or a well-known default password: set a real secret' }]);
  });

  it('given ICE servers as comma-separated URLs or as JSON then both become RTCIceServer entries', () => {
    expect(loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_ICE_SERVERS: 'stun:stun.example.com:3478, stun:10.0.0.7' }).webrtc?.iceServers).toEqual([
      { urls: ['stun:stun.example.com:3478'] },
      { urls: ['stun:10.0.0.7'] },
    ]);
    const json = JSON.stringify([{ urls: ['turns:turn.example.com:5349'], username: 'u', credential: 'turn-pass' }]);
    expect(loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_ICE_SERVERS: json }).webrtc?.iceServers).toEqual([
      { urls: ['turns:turn.example.com:5349'], username: 'u', credential: 'turn-pass' },
    ]);
  });

  it('given a TURN server without credentials or a URL that is not stun/turn then the variable is named', () => {
    expect(problemsOf(() => loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_ICE_SERVERS: 'turn:turn.example.com' }))).toEqual([
      { where: 'SWITCHBOARD_WEBRTC_ICE_SERVERS', reason: 'entry 0: a TURN server needs username and credential' },
    ]);
    expect(problemsOf(() => loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_ICE_SERVERS: 'https://stun.example.com' }))[0]).toEqual({
      where: 'SWITCHBOARD_WEBRTC_ICE_SERVERS',
      reason: 'entry 0: urls must be stun:, stuns:, turn: or turns: URLs',
    });
  });

  it('given a YAML file with a webrtc section then its keys apply, a list of ICE servers included', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-webrtc-config-'));
    try {
      const file = path.join(dir, 'switchboard.yaml');
      await writeFile(file, `webrtc:\n  wssUrl: wss://pbx.lan:7443\n  domain: pbx.lan\n  secret: ${SECRET}\n  iceServers:\n    - stun:stun.lan:3478\n`);
      expect(loadConfig({ SWITCHBOARD_CONFIG: file }).webrtc).toEqual({ wssUrl: 'wss://pbx.lan:7443', domain: 'pbx.lan', secret: SECRET, iceServers: [{ urls: ['stun:stun.lan:3478'] }] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('given the secret and a TURN credential then describeConfig masks both', () => {
    const c = loadConfig({ ...COMPLETE, SWITCHBOARD_WEBRTC_ICE_SERVERS: JSON.stringify([{ urls: 'turn:t.example.com', username: 'u', credential: 'turn-pass-123' }]) });
    const text = JSON.stringify(describeConfig(c));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('turn-pass-123');
    expect(text).toContain('wss://pbx.example.com:8089/ws');
  });
});
