/**
 * The FreeSWITCH configuration we ship (dialplan/freeswitch) and what render-config.sh makes of
 * it with a deployer's .env: every phone authenticates, the ACLs hold the deployer's ranges, and
 * dead media ends calls through the 1.10 variables.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SHIPPED = join(ROOT, 'dialplan/freeswitch');
const TEST_ENV = {
  PBX_PRIVATE_IP: '192.168.50.6',
  SWITCHBOARD_PRIVATE_IP: '192.168.50.10',
  FREESWITCH_ESL_PASSWORD: 'test-only-esl-secret',
  SIP_TRUNK_CIDRS: '198.51.100.0/28, 198.51.100.64/29',
  AGENT_PHONE_CIDRS: '172.16.5.0/24',
};

let work: string | undefined;
afterEach(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  work = undefined;
});

/** A deployer's site folder (their own directory with real passwords) and an output folder. */
function workspace(): { site: string; out: string } {
  work = mkdtempSync(join(tmpdir(), 'sb-render-'));
  const site = join(work, 'site');
  cpSync(join(SHIPPED, 'directory'), join(site, 'freeswitch/directory'), { recursive: true });
  const directory = join(site, 'freeswitch/directory/agents.xml');
  writeFileSync(directory, readFileSync(directory, 'utf8').replace(/CHANGE-ME-[a-z0-9]+/g, 'a-long-phone-password'));
  return { site, out: join(work, 'out') };
}

function render(env: Record<string, string | undefined>): { status: number | null; stderr: string; out: string } {
  const { site, out } = workspace();
  const result = spawnSync('sh', [join(ROOT, 'dialplan/render-config.sh'), 'freeswitch', 'true'], {
    env: { PATH: process.env.PATH, SWITCHBOARD_DIALPLAN_DIR: join(ROOT, 'dialplan'), SWITCHBOARD_SITE_DIR: site, PBX_CONFIG_DIR: out, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, out };
}

function renderedFile(out: string, path: string): string {
  return readFileSync(join(out, path), 'utf8');
}

/** XML without its comments: what FreeSWITCH actually reads. */
function active(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, '');
}

function shippedFiles(dir = SHIPPED): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? shippedFiles(join(dir, e.name)) : e.name.endsWith('.xml') ? [join(dir, e.name)] : [],
  );
}

describe('FreeSWITCH config: phones authenticate', () => {
  it('given the rendered agents profile then no address list lets a REGISTER or INVITE skip the password challenge', () => {
    const { status, stderr, out } = render(TEST_ENV);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const profile = active(renderedFile(out, 'sip_profiles/agents.xml'));
    expect(profile).toContain('<param name="auth-calls" value="true"/>');
    expect(profile).not.toMatch(/apply-register-acl|apply-inbound-acl|accept-blind-reg|accept-blind-auth/);
    const directory = active(renderedFile(out, 'directory/agents.xml'));
    expect(directory).toContain('<param name="auth-acl" value="agent_lan"/>');
    expect(directory).toContain('<param name="password" value="a-long-phone-password"/>');
  });
});

describe('FreeSWITCH config: address ranges come from .env', () => {
  it("given the deployer's ranges when rendered then each list holds one node per range and none of the examples", () => {
    const { status, out } = render(TEST_ENV);
    expect(status).toBe(0);
    const acl = active(renderedFile(out, 'autoload_configs/acl.conf.xml'));
    const nodes = (list: string): string[] =>
      [...(new RegExp(`<list name="${list}"[^>]*>([\\s\\S]*?)</list>`).exec(acl)?.[1] ?? '').matchAll(/cidr="([^"]+)"/g)].map((m) => m[1]!);
    expect(nodes('trunk_carrier')).toEqual(['198.51.100.0/28', '198.51.100.64/29']);
    expect(nodes('agent_lan')).toEqual(['172.16.5.0/24']);
    expect(nodes('switchboard_esl')).toEqual(['192.168.50.10/32']);
    expect(acl).not.toMatch(/203\.0\.113\.|10\.0\.20\.|_CIDRS/);
  });

  it('given AGENT_PHONE_CIDRS unset when rendering then it refuses and names the variable', () => {
    const { status, stderr } = render({ ...TEST_ENV, AGENT_PHONE_CIDRS: undefined });
    expect(status).not.toBe(0);
    expect(stderr).toContain('AGENT_PHONE_CIDRS is not set');
  });

  it('given a range that is not a CIDR when rendering then it refuses and shows it', () => {
    const { status, stderr } = render({ ...TEST_ENV, SIP_TRUNK_CIDRS: 'carrier.example.com' });
    expect(status).not.toBe(0);
    expect(stderr).toContain("SIP_TRUNK_CIDRS: 'carrier.example.com' is not an address range");
  });
});

describe('FreeSWITCH config: dead media ends calls', () => {
  it('given the shipped files then none uses the deprecated rtp-timeout params', () => {
    for (const file of shippedFiles()) expect(active(readFileSync(file, 'utf8')), file).not.toMatch(/rtp-(hold-)?timeout-sec/);
  });

  it('given the shipped files then callers, phone legs and trunk legs all get media_timeout and media_hold_timeout', () => {
    const dialplan = active(readFileSync(join(SHIPPED, 'dialplan/switchboard.xml'), 'utf8'));
    const contexts = [...dialplan.matchAll(/<context name="(switchboard-inbound[^"]*)">([\s\S]*?)<\/context>/g)];
    expect(contexts.map((c) => c[1])).toEqual(['switchboard-inbound', 'switchboard-inbound-park']);
    for (const [, , body] of contexts) {
      const handOver = Math.min(...['application="socket"', 'application="park"'].map((a) => body!.indexOf(a)).filter((i) => i >= 0));
      expect(body!.indexOf('data="media_timeout=60000"')).toBeGreaterThan(0);
      expect(body!.indexOf('data="media_timeout=60000"')).toBeLessThan(handOver);
      expect(body).toContain('data="media_hold_timeout=1800000"');
    }
    const directory = active(readFileSync(join(SHIPPED, 'directory/agents.xml'), 'utf8'));
    expect(directory).toContain('<variable name="media_timeout" value="60000"/>');
    expect(directory).toContain('<variable name="media_hold_timeout" value="1800000"/>');
    const trunk = active(readFileSync(join(SHIPPED, 'sip_profiles/trunk.xml'), 'utf8'));
    expect(trunk).toContain('<variable name="media_timeout" value="60000" direction="outbound"/>');
  });
});

describe('FreeSWITCH config: well-formed', () => {
  it('given every shipped XML file then its comments are balanced and no example address range is left active', () => {
    for (const file of shippedFiles()) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('<!--').length, file).toBe(text.split('-->').length);
      expect(active(text), file).not.toMatch(/203\.0\.113\.|10\.0\.20\./);
    }
    expect(execFileSync('sh', ['-n', join(ROOT, 'dialplan/render-config.sh')]).toString()).toBe('');
  });
});
