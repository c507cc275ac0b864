/**
 * MediaRef checks shared by every adapter: a prompt name or path that reaches a PBX command line
 * (ARI `media=sound:...`, ESL `playback ...`) must not smuggle separators or shell/dialplan syntax.
 */
import { validationError } from '../../core/errors.js';
import { PROMPT_NAMES, type EndpointRef, type MediaRef } from '../port.js';

const SOUND_NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-/.]*$/;
const FILE_PATH = /^\/[A-Za-z0-9_\-/.]+$/;
const DIGITS = /^[0-9*#A-Da-d]+$/;

/** Throws VALIDATION_FAILED naming the offending element (`/media/2/name`). */
export function validateMedia(media: readonly MediaRef[], where = '/media'): void {
  if (media.length === 0) throw validationError([{ where, reason: 'at least one prompt is required' }]);
  media.forEach((ref, i) => {
    const at = `${where}/${i}`;
    switch (ref.kind) {
      case 'sound':
        if (!SOUND_NAME.test(ref.name) || ref.name.includes('..'))
          throw validationError([{ where: `${at}/name`, reason: `not a valid sound name: ${JSON.stringify(ref.name)}` }]);
        return;
      case 'file':
        if (!FILE_PATH.test(ref.path) || ref.path.includes('..'))
          throw validationError([{ where: `${at}/path`, reason: `not an absolute, plain file path: ${JSON.stringify(ref.path)}` }]);
        return;
      case 'digits':
        if (!DIGITS.test(ref.value))
          throw validationError([{ where: `${at}/value`, reason: `not DTMF digits: ${JSON.stringify(ref.value)}` }]);
        return;
      case 'number':
        if (!Number.isSafeInteger(ref.value))
          throw validationError([{ where: `${at}/value`, reason: `not a whole number: ${ref.value}` }]);
        return;
      case 'silence':
        if (!Number.isFinite(ref.ms) || ref.ms < 0 || ref.ms > 600_000)
          throw validationError([{ where: `${at}/ms`, reason: `silence must be 0..600000 ms: ${ref.ms}` }]);
        return;
      case 'prompt':
        if (!(PROMPT_NAMES as readonly string[]).includes(ref.name))
          throw validationError([{ where: `${at}/name`, reason: `not a daemon prompt: ${JSON.stringify(ref.name)}` }]);
        return;
      default:
        throw validationError([{ where: `${at}/kind`, reason: 'unknown media kind' }]);
    }
  });
}

/** Throws VALIDATION_FAILED for digits a PBX cannot send as DTMF. */
export function validateDtmf(digits: string, where = '/digits'): void {
  if (!DIGITS.test(digits)) throw validationError([{ where, reason: `not DTMF digits: ${JSON.stringify(digits)}` }]);
}

/** `kind:value`, the form far-side views and logs use (`sound:hello-world`, `silence:500`). */
export function describeMedia(ref: MediaRef): string {
  switch (ref.kind) {
    case 'sound':
      return `sound:${ref.name}`;
    case 'file':
      return `file:${ref.path}`;
    case 'digits':
      return `digits:${ref.value}`;
    case 'number':
      return `number:${ref.value}`;
    case 'silence':
      return `silence:${ref.ms}`;
    case 'prompt':
      return `prompt:${ref.name}`;
  }
}

/** `phone:agent1`, `number:+331234`, `dial:PJSIP/x` — used for redirect targets in views and logs. */
export function describeEndpoint(ref: EndpointRef): string {
  switch (ref.kind) {
    case 'phone':
      return `phone:${ref.name}`;
    case 'number':
      return `number:${ref.number}`;
    case 'dial':
      return `dial:${ref.dialString}`;
  }
}
