/**
 * The harness's side of the fake PBX process (fake-pbx-process.ts): starts it, speaks its control
 * channel, and names the settings the daemon needs to reach it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type Adapter = 'asterisk' | 'freeswitch';

export const FAKE_ARI = { user: 'switchboard', password: 'faults-ari-password' };
export const FAKE_AMI = { user: 'switchboard', secret: 'faults-ami-secret' };
export const FAKE_ESL_PASSWORD = 'faults-esl-password';
export const FAKE_FS_DOMAIN = 'pbx.faults';

/** A channel as the PBX has it: a caller, or a leg the daemon originated (to `target`). */
export interface PbxChannel {
  id: string;
  kind: 'caller' | 'leg';
  /** The caller's number, or the phone / number a leg rings. */
  target: string;
  up: boolean;
  bridge?: string;
}

export type PbxControlRequest =
  | { op: 'place'; from: string; to: string }
  | { op: 'answer'; target: string }
  | { op: 'hangup'; id: string }
  | { op: 'vanish'; id: string }
  | { op: 'channels' }
  | { op: 'disconnect' }
  | { op: 'reconnect' }
  | { op: 'restart' };

export class FakePbxProcess {
  private constructor(
    readonly adapter: Adapter,
    private readonly child: ChildProcess,
    private readonly controlPort: number,
    readonly ports: Record<string, number>,
  ) {}

  static async start(adapter: Adapter, script: string, phones: string[]): Promise<FakePbxProcess> {
    const child = spawn(process.execPath, [script, adapter, phones.join(',')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const first = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the fake PBX exited with ${String(code)} before it was ready`)));
      lines.once('line', resolve);
    });
    const { control, ...ports } = JSON.parse(first) as Record<string, number>;
    return new FakePbxProcess(adapter, child, control as number, ports);
  }

  /** What the daemon's environment needs to reach this PBX. */
  daemonEnv(): Record<string, string> {
    if (this.adapter === 'asterisk') {
      return {
        SWITCHBOARD_PBX: 'asterisk',
        ASTERISK_ARI_URL: `http://127.0.0.1:${this.ports.ari as number}`,
        ASTERISK_ARI_USER: FAKE_ARI.user,
        ASTERISK_ARI_PASSWORD: FAKE_ARI.password,
        ASTERISK_AMI_HOST: '127.0.0.1',
        ASTERISK_AMI_PORT: String(this.ports.ami as number),
        ASTERISK_AMI_USER: FAKE_AMI.user,
        ASTERISK_AMI_SECRET: FAKE_AMI.secret,
        ASTERISK_TRUNK: 'trunk',
      };
    }
    return {
      SWITCHBOARD_PBX: 'freeswitch',
      FREESWITCH_ESL_HOST: '127.0.0.1',
      FREESWITCH_ESL_PORT: String(this.ports.esl as number),
      FREESWITCH_ESL_PASSWORD: FAKE_ESL_PASSWORD,
      FREESWITCH_DOMAIN: FAKE_FS_DOMAIN,
    };
  }

  async send<T extends Record<string, unknown>>(req: PbxControlRequest): Promise<T> {
    const res = await fetch(`http://127.0.0.1:${this.controlPort}/`, { method: 'POST', body: JSON.stringify(req) });
    const body = (await res.json()) as { ok: boolean; error?: string } & T;
    if (!body.ok) throw new Error(`fake PBX ${req.op}: ${body.error ?? res.status}`);
    return body;
  }

  async place(from: string, to: string): Promise<string> {
    return (await this.send<{ id: string }>({ op: 'place', from, to })).id;
  }

  async answer(phone: string): Promise<boolean> {
    return (await this.send<{ answered: boolean }>({ op: 'answer', target: phone })).answered;
  }

  async channels(): Promise<PbxChannel[]> {
    return (await this.send<{ channels: PbxChannel[] }>({ op: 'channels' })).channels;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin?.end();
    await gone;
  }
}
