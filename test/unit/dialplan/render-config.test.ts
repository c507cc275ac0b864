/**
 * dialplan/render-config.sh as a deployment runs it (the PBX container's entrypoint), against
 * temporary folders: the rendered Asterisk configuration, not only the shipped templates.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const docExample = /```ini\n([\s\S]*?)```/.exec(readFileSync(join(repo, 'docs/deploy-asterisk.md'), 'utf8'))?.[1] ?? '';
/** PEM-like text that a regex `10.0.0.5` (dots unescaped) would have matched and corrupted. */
const KEY_TEXT = '-----BEGIN CERTIFICATE-----\nMIIB10a0b0c5Zz\n-----END CERTIFICATE-----\n';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function render(site: Record<string, string>): { status: number | null; stderr: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'sb-render-'));
  dirs.push(root);
  symlinkSync(join(repo, 'dialplan'), join(root, 'dialplan'));
  for (const [rel, text] of Object.entries(site)) {
    mkdirSync(join(root, 'site/asterisk', rel, '..'), { recursive: true });
    writeFileSync(join(root, 'site/asterisk', rel), text);
  }
  const out = join(root, 'etc-asterisk');
  const r = spawnSync('sh', [join(repo, 'dialplan/render-config.sh'), 'asterisk', 'true'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      RENDER_ROOT: root,
      RENDER_TARGET: out,
      PBX_PRIVATE_IP: '192.168.40.5',
      SWITCHBOARD_PRIVATE_IP: '192.168.40.10',
      ASTERISK_ARI_PASSWORD: 'ari-secret-for-test',
      ASTERISK_AMI_SECRET: 'ami-secret-for-test',
    },
    encoding: 'utf8',
  });
  return { status: r.status, stderr: r.stderr, out };
}

describe('render-config.sh for Asterisk', () => {
  it('given only the shipped files when rendered then it refuses to start and names the placeholders of pjsip.conf', () => {
    const r = render({});
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/placeholders are still in the asterisk configuration/);
    expect(r.stderr).toMatch(/pjsip\.conf:\d+:.*CHANGE-ME/);
  });

  it('given the documented site pjsip.conf and a certificate when rendered then every listener binds the private address, endpoints keep their RTP timeouts and the certificate is intact', () => {
    const r = render({ 'pjsip.conf': docExample, 'keys/pbx.example.com.crt': KEY_TEXT });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const conf = (f: string) => readFileSync(join(r.out, f), 'utf8');
    const pjsip = conf('pjsip.conf');
    expect(pjsip.match(/^bind = .*$/gm)).toEqual(['bind = 192.168.40.5:5060', 'bind = 192.168.40.5:5061', 'bind = 192.168.40.5']);
    expect(pjsip.match(/^rtp_timeout = 30$/gm)?.length).toBe(3);
    expect(conf('http.conf')).toMatch(/^tlsbindaddr = 192\.168\.40\.5:8089$/m);
    expect(conf('http.conf')).toMatch(/^bindaddr = 192\.168\.40\.5$/m);
    expect(conf('manager.conf')).toMatch(/^permit = 192\.168\.40\.10\//m);
    for (const f of ['pjsip.conf', 'http.conf', 'manager.conf', 'ari.conf']) expect(conf(f)).not.toMatch(/0\.0\.0\.0:|= 0\.0\.0\.0$|\[::\]/m);
    expect(readFileSync(join(r.out, 'keys/pbx.example.com.crt'), 'utf8')).toBe(KEY_TEXT);
  });
});
