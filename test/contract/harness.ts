/**
 * The harness the media-server contract suite drives. One harness = one `MediaServer` under test
 * plus the controls of the far side: the callers, the phones, the PBX process itself. It is built
 * for three kinds of far side:
 *  - the simulated server (everything controllable, FakeClock, full far-side introspection);
 *  - an adapter against a fake PBX on a port-0 socket (FakeClock shared by adapter and fake);
 *  - an adapter against a real Asterisk/FreeSWITCH driven by sipp (real time, fewer controls).
 *
 * What a harness cannot do it declares in `capabilities`; the suite registers only the tests a
 * harness can run, so a real PBX runs the same suite minus e.g. "vanish a channel on demand".
 *
 * Stability: adapters' contract tests implement this interface. Changes here are additive only
 * (new optional members, new capability flags defaulting to false).
 */
import type { FakeClock } from '../../src/core/clock.js';
import type { EndpointPresence, MediaRef, MediaServer, PbxEvent, PromptName } from '../../src/pbx/port.js';

/** How a phone (or external number) behaves when we originate a leg to it. */
export type PhoneBehaviour =
  /** Rings, then answers at once (a `channel.ringing` still precedes `channel.answered`). */
  | 'answer'
  /** Refuses with busy (cause 'busy', Q.850 17). */
  | 'busy'
  /** Rings until the originate timeout ends the leg (cause 'no_answer'). */
  | 'no_answer'
  /** Rings until the test calls `answerPhone` (or the originate timeout ends it). */
  | 'manual'
  /** Rings for this long, then answers. */
  | { answerAfterMs: number };

export interface InboundCallSpec {
  /** Caller number (becomes ChannelInfo.callerNumber). */
  from: string;
  fromName?: string;
  /** The dialed number / DID (becomes ChannelInfo.dialedNumber). */
  to: string;
  /** SIP headers on the INVITE (X- headers). */
  headers?: Record<string, string>;
  /** Channel variables the dialplan sets before handing the call to us. */
  variables?: Record<string, string>;
}

/**
 * What the far side of one channel experiences. Prompts are described as `kind:value` strings
 * (see `describeMedia` in src/pbx/shared/media-ref.ts): `sound:hello-world`, `digits:123`,
 * `number:34`, `silence:500`, `file:/abs/path`.
 */
export interface FarSideView {
  /** The channel is up (answered). */
  answered: boolean;
  /** The channel currently hears music on hold (startMoh, or a party of its bridge holds). */
  hearsMoh: boolean;
  /**
   * The far side's own notion of "on hold" (sim: hold() on it; FreeSWITCH: uuid_hold; Asterisk:
   * a HOLD indication on that channel). Informational: what each party hears is the contract.
   */
  onHold: boolean;
  /** Mute state: 'in' = what it says does not reach the bridge; 'out' = it hears nothing. */
  muted: { in: boolean; out: boolean };
  /** Every prompt played to the channel so far, in order, including interrupted ones. */
  heardPrompts: string[];
  /** DTMF digits sent to the far side with sendDtmf, concatenated. */
  receivedDtmf: string;
  /** Ids of the channels whose voice this channel hears right now (needs capability audioPaths). */
  hears: string[];
  /** Where the channel was redirected to (`phone:agent2`, `number:+3312345678`), if it was. */
  redirectedTo?: string;
}

export interface PbxHarnessCapabilities {
  /** `clock` is a FakeClock and `passTime` moves it: timeouts can be checked before they fire. */
  fakeClock: boolean;
  /** `vanishChannel` works (the PBX forgets a channel and says nothing). */
  vanishChannel: boolean;
  /** `dropConnection` / `restoreConnection` / `restartPbx` work. */
  connectionControl: boolean;
  /** `restoreConnection({ lose })` can keep some channels and lose others (a real restart loses all). */
  selectiveLoss: boolean;
  /** `farSide` answers (answered, moh, hold, mute, prompts, dtmf, redirect). */
  farSide: boolean;
  /** `farSide(..).hears` is filled: bridges, mute and supervision audio paths can be checked. */
  audioPaths: boolean;
  /** `setPresence` works and the adapter reports it as `endpoint.presence` events. */
  presenceControl: boolean;
  /** `readRecording` returns the recorded file. */
  recordingFiles: boolean;
  /** SIP headers of an inbound INVITE reach ChannelInfo.sipHeaders. */
  sipHeaders: boolean;
  /**
   * Phones can be made busy, left ringing, answered late or by hand (`setPhoneBehaviour` beyond
   * 'answer', `answerPhone`). Absent = false: a bank of auto-answering real phones has none of it.
   */
  phoneControl?: boolean;
  /** `uninstallPromptSound` takes a daemon prompt's sound off the PBX. Absent = false. */
  soundControl?: boolean;
}

export const FULL_CAPABILITIES: PbxHarnessCapabilities = {
  fakeClock: true,
  vanishChannel: true,
  connectionControl: true,
  selectiveLoss: true,
  farSide: true,
  audioPaths: true,
  presenceControl: true,
  recordingFiles: true,
  sipHeaders: true,
  phoneControl: true,
};

/**
 * What a harness driving a real PBX over the network can do: the PBX keeps its own time, and
 * nothing lets a test make it forget channels, drop the connection or look at the far side.
 */
export const REAL_PBX_CAPABILITIES: PbxHarnessCapabilities = {
  fakeClock: false,
  vanishChannel: false,
  connectionControl: false,
  selectiveLoss: false,
  farSide: false,
  audioPaths: false,
  presenceControl: false,
  recordingFiles: false,
  sipHeaders: true,
};

/** Why a real-PBX run cannot start: the environment variables it needs that are not set. */
export function missingEnv(keys: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing = keys.filter((k) => !env[k]);
  return missing.length > 0 ? `${missing.join(', ')} not set` : undefined;
}

/** Prompts that exist on this PBX (`hello-world` on Asterisk, `ivr/ivr-welcome` on FreeSWITCH...). */
export interface HarnessMedia {
  /** A prompt that ends by itself... */
  short: MediaRef;
  /** ...within this many ms (upper bound; the suite passes this much time to let it finish). */
  shortMs: number;
  /** A prompt the suite interrupts or stops; it plays at least `longMs` (>= 5000) and ends within 2 x longMs. */
  long: MediaRef;
  longMs: number;
}

export interface PbxHarness {
  /** The adapter under test, already connected (connect() resolved, connection.up emitted). */
  readonly server: MediaServer;
  /** Fakes only: the commands the fake PBX received, in order (ARI `METHOD /path`, ESL command lines). */
  wireCommands?(): readonly string[];
  /** The FakeClock the adapter (and fake PBX) run on, or null on a real PBX. */
  readonly clock: FakeClock | null;
  readonly capabilities: PbxHarnessCapabilities;
  readonly media: HarnessMedia;
  /** Phones that exist and are registered; at least three (agent, second agent, supervisor). */
  readonly phones: readonly [string, string, string, ...string[]];
  /** A configured phone that is not registered. */
  readonly unregisteredPhone: string;
  /** An external number reachable through the default trunk (behaviour set like a phone's). */
  readonly externalNumber: string;

  /**
   * Let `ms` of PBX time pass. FakeClock harnesses advance the clock and let I/O settle; real
   * PBX harnesses resolve at once (the suite then simply awaits the real outcome).
   */
  passTime(ms: number): Promise<void>;

  /** A caller dials in; resolves with the channel id once the adapter emitted channel.inbound. */
  placeInboundCall(spec: InboundCallSpec): Promise<string>;
  /** How a phone or external number reacts to the next legs originated to it ('answer' by default). */
  setPhoneBehaviour(target: string, behaviour: PhoneBehaviour): Promise<void>;
  /** Answer the leg ringing at that phone or number (behaviour 'manual'). */
  answerPhone(target: string): Promise<void>;
  /** The far end of the channel presses keys (RFC 2833 / INFO; one DTMF event per digit). */
  pressDigits(channelId: string, digits: string): Promise<void>;
  /** The far end hangs up (BYE from the caller or the phone). */
  farEndHangup(channelId: string): Promise<void>;

  /** The PBX forgets the channel without telling the adapter. Needs capability vanishChannel. */
  vanishChannel(channelId: string): Promise<void>;
  /** The connection breaks and stays down; resolves after the adapter emitted connection.down. */
  dropConnection(): Promise<void>;
  /**
   * The PBX is reachable again; `lose` lists channels that did not survive the outage (all of
   * them when omitted). Resolves after the adapter emitted connection.reconciled.
   */
  restoreConnection(options?: { lose?: string[] }): Promise<void>;
  /** dropConnection + restoreConnection. */
  restartPbx(options?: { lose?: string[] }): Promise<void>;

  /** What the far side of a channel experiences. Needs capability farSide. */
  farSide(channelId: string): Promise<FarSideView>;
  /** A phone registers or unregisters. Needs capability presenceControl. */
  setPresence(phone: string, presence: Exclude<EndpointPresence, 'unknown'>): Promise<void>;
  /**
   * The PBX loses the (first) sound the adapter plays for `prompt`; resolves with that sound as
   * the adapter's checkPrompts names it. Needs capability soundControl.
   */
  uninstallPromptSound?(prompt: PromptName): Promise<string>;
  /** The bytes of a finished recording by its RecordOptions.name, or null. Needs recordingFiles. */
  readRecording(name: string): Promise<Buffer | null>;

  /**
   * Hang up every channel this harness or the test created (callers, originated legs, far halves
   * of test callers), through the adapter while it is connected, else through far-side controls.
   * The suite calls it after every test, before `liveChannels` and `close`.
   */
  cleanup?(): Promise<void>;
  /**
   * Ids of the channels of this harness's own that the far side still has, as the PBX itself
   * reports them (a fake counts its live channels; a real PBX is asked). Empty after `cleanup`.
   */
  liveChannels?(): Promise<string[]>;

  /** Tear down the adapter, the fake PBX and any sipp processes. */
  close(): Promise<void>;
}

export type MakeHarness = () => Promise<PbxHarness>;

/**
 * Every event of a server, kept in order, with promise-based waiting (no sleeps). Harness
 * implementations may use it too, e.g. to resolve placeInboundCall on channel.inbound.
 */
export class EventLog {
  readonly events: PbxEvent[] = [];
  private waiters: { match: (e: PbxEvent) => boolean; resolve: (e: PbxEvent) => void; label: string }[] = [];
  private readonly unsubscribe: () => void;

  constructor(server: MediaServer) {
    this.unsubscribe = server.onEvent((event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(event)) return true;
        w.resolve(event);
        return false;
      });
    });
  }

  /** The first event (already seen, or yet to come) matching; `fromIndex` skips earlier ones. */
  waitFor<T extends PbxEvent['type']>(
    type: T,
    match: (e: Extract<PbxEvent, { type: T }>) => boolean = () => true,
    fromIndex = 0,
  ): Promise<Extract<PbxEvent, { type: T }>> {
    const test = (e: PbxEvent): boolean => e.type === type && match(e as Extract<PbxEvent, { type: T }>);
    const seen = this.events.slice(fromIndex).find(test);
    if (seen) return Promise.resolve(seen as Extract<PbxEvent, { type: T }>);
    return new Promise((resolve) => {
      this.waiters.push({ match: test, label: `${type} (after event #${fromIndex})`, resolve: (e) => resolve(e as Extract<PbxEvent, { type: T }>) });
    });
  }

  ofType<T extends PbxEvent['type']>(type: T): Extract<PbxEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<PbxEvent, { type: T }> => e.type === type);
  }

  /** Events about one channel, in delivery order. */
  forChannel(channelId: string): PbxEvent[] {
    return this.events.filter(
      (e) => ('channelId' in e && e.channelId === channelId) || (e.type === 'channel.inbound' && e.channel.id === channelId),
    );
  }

  /** A marker for `waitFor(.., fromIndex)`: only events after now. */
  mark(): number {
    return this.events.length;
  }

  /** What is still being waited for (printed when a test times out). */
  pendingWaits(): string[] {
    return this.waiters.map((w) => w.label);
  }

  stop(): void {
    this.unsubscribe();
    this.waiters = [];
  }
}
