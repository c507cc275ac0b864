/**
 * The Asterisk configuration a deployment installs (dialplan/asterisk/), checked as shipped:
 * render-config.sh only substitutes secrets and the private addresses, so what holds here holds
 * for every rendered deployment.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { effective, parseConf, type Section } from './asterisk-conf.js';

const dir = fileURLToPath(new URL('../../../dialplan/asterisk/', import.meta.url));
const confFiles = readdirSync(dir).filter((f) => f.endsWith('.conf'));

/** The complete site/asterisk/pjsip.conf example a first deployment copies (docs/deploy-asterisk.md). */
const docExample = /```ini\n([\s\S]*?)```/.exec(readFileSync(fileURLToPath(new URL('../../../docs/deploy-asterisk.md', import.meta.url)), 'utf8'))?.[1] ?? '';

const shipped = parseConf(readFileSync(`${dir}pjsip.conf`, 'utf8'));
const example = parseConf(docExample);
const endpointsOf = (all: Section[]) => all.filter((s) => effective(all, s).get('type') === 'endpoint').map((s) => ({ all, s }));
const endpoints = [...endpointsOf(shipped).map((e) => ({ ...e, file: 'pjsip.conf' })), ...endpointsOf(example).map((e) => ({ ...e, file: 'deploy-asterisk.md example' }))];

describe('shipped Asterisk pjsip.conf and the deployment example: dead media ends a call', () => {
  it('given the shipped file and the example then both have trunk, desk-phone and WebRTC endpoints to check', () => {
    for (const file of ['pjsip.conf', 'deploy-asterisk.md example']) {
      expect(endpoints.filter((e) => e.file === file).map((e) => e.s.name)).toEqual(expect.arrayContaining(['trunk', 'agent-phone', 'webrtc-agent']));
    }
  });

  it('given the example then it binds every transport to the private address and keeps no placeholder', () => {
    const binds = example.flatMap((s) => s.values.filter(([k]) => k === 'bind').map(([, v]) => v));
    expect(binds.length).toBe(3);
    for (const b of binds) expect(b).toMatch(/^10\.0\.0\.5(:\d+)?$/);
    expect(docExample).not.toMatch(/CHANGE-ME|REPLACE-WITH/);
  });

  it.each(endpoints.map((e) => [`${e.file} ${e.s.name}`, e] as const))(
    'given endpoint %s when its caller vanishes without a BYE then RTP timeouts hang it up (rtp_timeout, rtp_timeout_hold)',
    (_name, { all, s }) => {
      const cfg = effective(all, s);
      const timeout = Number(cfg.get('rtp_timeout'));
      const hold = Number(cfg.get('rtp_timeout_hold'));
      // Short enough that a dead caller leaves the queue within a minute; a held phone may go quiet longer.
      expect(timeout).toBeGreaterThanOrEqual(10);
      expect(timeout).toBeLessThanOrEqual(60);
      expect(hold).toBeGreaterThanOrEqual(timeout);
      expect(hold).toBeLessThanOrEqual(600);
      // The timeouts watch RTP that flows through Asterisk: direct media would bypass them.
      expect(cfg.get('direct_media')).toBe('no');
    },
  );
});

describe('shipped Asterisk configs: nothing listens on every interface', () => {
  const binds = confFiles.flatMap((file) =>
    parseConf(readFileSync(`${dir}${file}`, 'utf8')).flatMap((s) =>
      s.values.filter(([k]) => /bind/i.test(k)).map(([k, v]) => ({ where: `${file} [${s.name}] ${k}`, value: v })),
    ),
  );

  it('given the shipped configs then HTTP/ARI, AMI and the SIP transports all have a bind address', () => {
    const where = binds.map((b) => b.where);
    expect(where).toEqual(
      expect.arrayContaining([
        'http.conf [general] bindaddr',
        'http.conf [general] tlsbindaddr',
        'manager.conf [general] bindaddr',
        'pjsip.conf [transport-udp] bind',
        'pjsip.conf [transport-tls] bind',
        'pjsip.conf [transport-wss] bind',
      ]),
    );
  });

  it('given every bind setting then none is a wildcard address (0.0.0.0, [::], ::)', () => {
    const wildcard = binds.filter((b) => /^(0\.0\.0\.0|\[::\]|::|\*)?(:\d+)?$/.test(b.value.trim()));
    expect(wildcard.map((b) => `${b.where} = ${b.value}`)).toEqual([]);
  });
});
