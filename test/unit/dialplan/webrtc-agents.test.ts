/**
 * WebRTC agents as a deployment renders them: render-config.sh turns WEBRTC_AGENT_EXTENSIONS into
 * Asterisk endpoints and FreeSWITCH directory users whose passwords are the ones the daemon hands
 * the browsers (src/softphone/sip-password.ts), derived with openssl from the same secret.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sipPasswordFor } from '../../../src/softphone/sip-password.js';
import { haveTools } from '../../helpers/tools.js';
import { effective, parseConf } from './asterisk-conf.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SECRET = 'a-webrtc-secret-of-at-least-32-characters';
const docExample = /```ini\n([\s\S]*?)```/.exec(readFileSync(join(repo, 'docs/deploy-asterisk.md'), 'utf8'))?.[1] ?? '';
const ASTERISK_ENV = { ASTERISK_ARI_PASSWORD: 'ari-secret-for-test', ASTERISK_AMI_SECRET: 'ami-secret-for-test' };
const FREESWITCH_ENV = { FREESWITCH_ESL_PASSWORD: 'test-only-esl-secret', SIP_TRUNK_CIDRS: '198.51.100.0/28', AGENT_PHONE_CIDRS: '172.16.5.0/24' };

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Renders dialplan/<pbx> plus these site files with this environment into a temporary folder. */
function render(pbx: 'asterisk' | 'freeswitch', site: Record<string, string>, env: Record<string, string | undefined>) {
  const root = mkdtempSync(join(tmpdir(), 'sb-webrtc-render-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(site)) {
    mkdirSync(join(root, 'site', pbx, rel, '..'), { recursive: true });
    writeFileSync(join(root, 'site', pbx, rel), text);
  }
  const out = join(root, 'out');
  const r = spawnSync('sh', [join(repo, 'dialplan/render-config.sh'), pbx, 'true'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SWITCHBOARD_DIALPLAN_DIR: join(repo, 'dialplan'),
      SWITCHBOARD_SITE_DIR: join(root, 'site'),
      PBX_CONFIG_DIR: out,
      PBX_PRIVATE_IP: '192.168.40.5',
      SWITCHBOARD_PRIVATE_IP: '192.168.40.10',
      ...(pbx === 'asterisk' ? ASTERISK_ENV : FREESWITCH_ENV),
      ...env,
    },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, file: (rel: string) => readFileSync(join(out, rel), 'utf8'), out };
}

/** The shipped FreeSWITCH directory with the desk phones' placeholders replaced, as a deployer keeps it. */
function freeswitchDirectory(): string {
  return readFileSync(join(repo, 'dialplan/freeswitch/directory/agents.xml'), 'utf8').replace(/CHANGE-ME-[a-z0-9]+/g, 'a-long-phone-password');
}

describe.runIf(haveTools('WebRTC agents rendered', ['openssl']))('render-config.sh: WebRTC agents', () => {
  it('given two extensions and the secret when Asterisk is rendered then each gets a WebRTC endpoint, aor and auth with the derived password', () => {
    const r = render('asterisk', { 'pjsip.conf': docExample }, { WEBRTC_AGENT_EXTENSIONS: 'web-agent1, web-agent2', SWITCHBOARD_WEBRTC_SECRET: SECRET });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const text = r.file('pjsip.conf');
    expect(text).not.toContain('SWITCHBOARD-WEBRTC-AGENTS');
    const sections = parseConf(text);
    for (const ext of ['web-agent1', 'web-agent2']) {
      const mine = sections.filter((s) => s.name === ext && !s.template);
      const byType = new Map(mine.map((s) => [effective(sections, s).get('type'), effective(sections, s)]));
      expect([...byType.keys()].sort()).toEqual(['aor', 'auth', 'endpoint']);
      const endpoint = byType.get('endpoint') as Map<string, string>;
      expect(Object.fromEntries(['transport', 'webrtc', 'use_avpf', 'media_encryption', 'dtls_verify', 'dtls_setup', 'ice_support', 'rtcp_mux', 'dtls_auto_generate_cert', 'dtmf_mode', 'direct_media', 'auth', 'aors'].map((k) => [k, endpoint.get(k)]))).toEqual({
        transport: 'transport-wss',
        webrtc: 'yes',
        use_avpf: 'yes',
        media_encryption: 'dtls',
        dtls_verify: 'fingerprint',
        dtls_setup: 'actpass',
        ice_support: 'yes',
        rtcp_mux: 'yes',
        dtls_auto_generate_cert: 'yes',
        dtmf_mode: 'rfc4733',
        direct_media: 'no',
        auth: ext,
        aors: ext,
      });
      expect(byType.get('auth')?.get('username')).toBe(ext);
      expect(byType.get('auth')?.get('password')).toBe(sipPasswordFor(SECRET, ext));
      expect(byType.get('aor')?.get('max_contacts')).toBe('1');
    }
    const transport = sections.find((s) => s.name === 'transport-wss');
    expect(transport && effective(sections, transport).get('protocol')).toBe('wss');
    expect(r.file('http.conf')).toMatch(/^tlsenable = yes$/m);
    expect(r.file('http.conf')).toMatch(/^tlsbindaddr = 192\.168\.40\.5:8089$/m);
  });

  it('given two extensions and the secret when FreeSWITCH is rendered then each is a directory user with the derived password, inside the agents group', () => {
    const r = render('freeswitch', { 'directory/agents.xml': freeswitchDirectory() }, { WEBRTC_AGENT_EXTENSIONS: 'web-agent1 web-agent2', SWITCHBOARD_WEBRTC_SECRET: SECRET });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const directory = r.file('directory/agents.xml').replace(/<!--[\s\S]*?-->/g, '');
    const users = /<users>([\s\S]*?)<\/users>/.exec(directory)?.[1] ?? '';
    for (const ext of ['web-agent1', 'web-agent2']) {
      const user = new RegExp(`<user id="${ext}">([\\s\\S]*?)</user>`).exec(users)?.[1] ?? '';
      expect(user).toContain(`<param name="password" value="${sipPasswordFor(SECRET, ext)}"/>`);
    }
    expect([...users.matchAll(/<user id="([^"]+)">/g)].map((m) => m[1])).toEqual(['agent1', 'agent2', 'supervisor1', 'web-agent1', 'web-agent2']);
    expect(directory.split('<user ').length).toBe(directory.split('</user>').length);
    const profile = r.file('sip_profiles/agents.xml').replace(/<!--[\s\S]*?-->/g, '');
    expect(profile).toContain('<param name="wss-binding" value=":7443"/>');
    expect(profile).toContain('<param name="tls-cert-dir" value="$${certs_dir}"/>');
  });

  it('given extensions without the secret, a bad extension, or a site file without the marker when rendering then it refuses and says which', () => {
    const noSecret = render('asterisk', { 'pjsip.conf': docExample }, { WEBRTC_AGENT_EXTENSIONS: 'web-agent1' });
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toContain('SWITCHBOARD_WEBRTC_SECRET is not set');

    const bad = render('asterisk', { 'pjsip.conf': docExample }, { WEBRTC_AGENT_EXTENSIONS: 'web-agent1,web agent;2', SWITCHBOARD_WEBRTC_SECRET: SECRET });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("WEBRTC_AGENT_EXTENSIONS: 'agent;2' is not an extension");

    const noMarker = render('asterisk', { 'pjsip.conf': docExample.replace(/^.*SWITCHBOARD-WEBRTC-AGENTS.*$/m, '') }, { WEBRTC_AGENT_EXTENSIONS: 'web-agent1', SWITCHBOARD_WEBRTC_SECRET: SECRET });
    expect(noMarker.status).not.toBe(0);
    expect(noMarker.stderr).toContain('pjsip.conf has no SWITCHBOARD-WEBRTC-AGENTS line');
  });

  it('given no WEBRTC_AGENT_EXTENSIONS when rendered then the marker stays a comment and nothing is generated', () => {
    const r = render('freeswitch', { 'directory/agents.xml': freeswitchDirectory() }, {});
    expect(r.status).toBe(0);
    expect(r.file('directory/agents.xml')).toContain('<!-- SWITCHBOARD-WEBRTC-AGENTS -->');
    expect(readdirSync(join(r.out, 'directory'))).toEqual(['agents.xml']);
  });
});

describe('shipped WebRTC configuration: only options the PBXs know', () => {
  it('given the FreeSWITCH agents profile then it has no media-webrtc param (sofia has none: media_webrtc is a channel variable it sets itself)', () => {
    const profile = readFileSync(join(repo, 'dialplan/freeswitch/sip_profiles/agents.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(profile).not.toContain('media-webrtc');
  });

  it('given the shipped pjsip.conf then no hand-written WebRTC endpoint competes with the generated ones', () => {
    const sections = parseConf(readFileSync(join(repo, 'dialplan/asterisk/pjsip.conf'), 'utf8'));
    expect(sections.filter((s) => !s.template && s.inherits.includes('webrtc-agent'))).toEqual([]);
    expect(readFileSync(join(repo, 'dialplan/asterisk/pjsip.conf'), 'utf8')).toMatch(/^; SWITCHBOARD-WEBRTC-AGENTS$/m);
  });
});
