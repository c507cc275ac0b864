/**
 * Building FreeSWITCH command text from port requests: dial strings, the originate line,
 * the dialplan application for each kind of media. Everything that reaches a command line is
 * checked here, because a space or a brace in a value would change what FreeSWITCH runs.
 */
import { validationError } from '../../core/errors.js';
import type { ChannelInfo, EndpointRef, MediaRef, OriginateOptions } from '../port.js';
import { FREESWITCH_PROMPTS } from './prompts.js';

export interface DialConfig {
  /** Dial string of an agent phone; `{name}` is replaced (`user/{name}@pbx.example.com`). */
  phoneDialString: string;
  /** Gateway used for `number` endpoints without a trunk. */
  defaultTrunk: string;
  /** Language for `say` (digits, numbers). */
  sayLanguage: string;
}

const PHONE = /^[A-Za-z0-9_.+-]+$/;
const NUMBER = /^\+?[0-9*#]+$/;
const TRUNK = /^[A-Za-z0-9_.-]+$/;
const DIAL = /^[^\s{}'"]+$/;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function dialString(endpoint: EndpointRef, config: DialConfig, where = '/endpoint'): string {
  switch (endpoint.kind) {
    case 'phone':
      if (!PHONE.test(endpoint.name)) throw validationError([{ where: `${where}/name`, reason: `not a phone name: ${JSON.stringify(endpoint.name)}` }]);
      return config.phoneDialString.replaceAll('{name}', endpoint.name);
    case 'number': {
      if (!NUMBER.test(endpoint.number)) throw validationError([{ where: `${where}/number`, reason: `not a dialable number: ${JSON.stringify(endpoint.number)}` }]);
      const trunk = endpoint.trunk ?? config.defaultTrunk;
      if (!TRUNK.test(trunk)) throw validationError([{ where: `${where}/trunk`, reason: `not a gateway name: ${JSON.stringify(trunk)}` }]);
      return `sofia/gateway/${trunk}/${endpoint.number}`;
    }
    case 'dial':
      if (!DIAL.test(endpoint.dialString)) throw validationError([{ where: `${where}/dialString`, reason: 'a dial string may not contain spaces, braces or quotes' }]);
      return endpoint.dialString;
  }
}

/**
 * `{a=b,c='d e'}` for originate. Values with spaces are single-quoted; commas are escaped the
 * way FreeSWITCH's bracket parser expects; quotes and braces are refused.
 */
export function channelVariables(vars: Record<string, string>, where = '/variables'): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(vars)) {
    if (!VAR_NAME.test(name)) throw validationError([{ where: `${where}/${name}`, reason: 'not a channel variable name' }]);
    if (/[{}'\r\n[\]]/.test(value)) throw validationError([{ where: `${where}/${name}`, reason: 'a value may not contain quotes, braces, brackets or line breaks' }]);
    const escaped = value.replaceAll(',', '\\,');
    parts.push(`${name}=${/\s/.test(escaped) ? `'${escaped}'` : escaped}`);
  }
  return `{${parts.join(',')}}`;
}

/** A value for `uuid_setvar` (the rest of the line, so spaces are fine; line breaks are not). */
export function checkVariable(name: string, value: string | undefined): void {
  if (!VAR_NAME.test(name)) throw validationError([{ where: '/name', reason: `not a channel variable name: ${JSON.stringify(name)}` }]);
  if (value !== undefined && /[\r\n]/.test(value)) throw validationError([{ where: '/value', reason: 'a value may not contain line breaks' }]);
}

/** The dialplan applications that render one MediaRef (a daemon prompt may be several files). */
export function mediaApplications(ref: MediaRef, config: DialConfig): { app: string; arg: string }[] {
  if (ref.kind === 'prompt') return FREESWITCH_PROMPTS[ref.name].map((sound) => ({ app: 'playback', arg: `${sound}.wav` }));
  return [mediaApplication(ref, config)];
}

/** The dialplan application that renders one prompt, run with `sendmsg execute`. */
export function mediaApplication(ref: Exclude<MediaRef, { kind: 'prompt' }>, config: DialConfig): { app: string; arg: string } {
  switch (ref.kind) {
    case 'sound':
      return { app: 'playback', arg: `${ref.name}.wav` };
    case 'file':
      return { app: 'playback', arg: `${ref.path}.wav` };
    case 'silence':
      return { app: 'playback', arg: `silence_stream://${Math.round(ref.ms)}` };
    case 'digits':
      return /^[0-9]+$/.test(ref.value)
        ? { app: 'say', arg: `${config.sayLanguage} number iterated ${ref.value}` }
        : { app: 'say', arg: `${config.sayLanguage} name_spelled iterated ${ref.value}` };
    case 'number':
      return { app: 'say', arg: `${config.sayLanguage} number pronounced ${ref.value}` };
  }
}

/** `local_stream://moh` unless a class is named. */
export function mohSource(mohClass: string | undefined): string {
  const name = mohClass ?? 'moh';
  if (!PHONE.test(name)) throw validationError([{ where: '/mohClass', reason: `not a music-on-hold class: ${JSON.stringify(name)}` }]);
  return `local_stream://${name}`;
}

/** eavesdrop's own DTMF controls (mod_dptools): 2 talk to the target, 3 to both, 0 listen only. */
export const EAVESDROP_DIGIT = { listen: '0', whisper: '2', barge: '3' } as const;

/**
 * `originate {vars}<dial string> &park()` for a leg with our id. The leg carries the ownership
 * mark and park_after_bridge (see dialplan/freeswitch); `&park()` keeps it waiting for us once
 * answered, which with `uuid_bridge` afterwards is the fastest path to an agent
 * (latency-facts.md: 17-21 ms wire to wire, against 23 ms for sendmsg execute bridge).
 */
export function originateRequest(options: OriginateOptions, id: string, config: DialConfig): { line: string; info: ChannelInfo } {
  const target = dialString(options.endpoint, config);
  const vars: Record<string, string> = {
    ...options.variables,
    origination_uuid: id,
    originate_timeout: String(Math.max(1, Math.ceil(options.timeoutMs / 1000))),
    switchboard_owned: 'true',
    park_after_bridge: 'true',
  };
  if (options.callerIdNumber !== undefined) vars.origination_caller_id_number = options.callerIdNumber;
  if (options.callerIdName !== undefined) vars.origination_caller_id_name = options.callerIdName;
  const endpoint = options.endpoint;
  const dialed = endpoint.kind === 'phone' ? endpoint.name : endpoint.kind === 'number' ? endpoint.number : endpoint.dialString;
  return {
    line: `originate ${channelVariables(vars)}${target} &park()`,
    info: {
      id, direction: 'outbound', state: 'down', name: target, callerNumber: options.callerIdNumber ?? '',
      callerName: options.callerIdName ?? '', dialedNumber: dialed, variables: { ...options.variables }, sipHeaders: {},
    },
  };
}
